"""Admin pages: people and their roles."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.expressions import Q

from core.accounts.forms import MIN_PASSWORD
from core.flash import flash
from core.forms import Form, parse_id, read_form
from core.i18n import gettext as _
from core.models import Area, Role, RoleGrant, User
from core.permissions import current_user, requires
from core.staff import services
from core.templating import render

PAGE_SIZE = 50


def role_labels() -> dict[str, str]:
    return {
        Role.RESIDENT: _("居民"),
        Role.OFFICIAL: _("村/社区干部"),
        Role.FINANCE: _("财政"),
        Role.ADMIN: _("管理员"),
    }


def _page(request: Request) -> int:
    return max(1, parse_id(request.query_params.get("page")) or 1)


@requires(Role.ADMIN)
async def user_list(request: Request) -> Response:
    q = request.query_params.get("q", "").strip()[:50]
    page = _page(request)
    users = User.all().order_by("-id")
    if q:
        users = users.filter(Q(name__icontains=q) | Q(mobile__contains=q))
    total = await users.count()
    found = (
        await users.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).prefetch_related("roles__area")
    )
    context = {
        "users": found,
        "q": q,
        "page": page,
        "total": total,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "role_labels": role_labels(),
    }
    return render(request, "staff/list.html", context, block="results")


@requires(Role.ADMIN)
async def user_new(request: Request) -> Response:
    form = Form()
    if request.method == "POST":
        form, _data = await read_form(request)
        form.text("name", _("姓名"), max_length=50)
        form.mobile()
        if len(form.values.get("password", "")) < MIN_PASSWORD:
            form.add_error("password", _("初始密码至少 {n} 位").format(n=MIN_PASSWORD))
        if form.ok:
            try:
                user = await services.staff_create(
                    current_user(request),
                    name=form.values["name"],
                    mobile=form.values["mobile"],
                    password=form.values["password"],
                    home_area_id=None,
                )
            except services.StaffRuleError as exc:
                form.add_error(exc.field, str(exc))
            else:
                flash(request, _("已创建账户，请为其授予角色。"))
                return RedirectResponse(f"/admin/users/{user.id}", status_code=303)
    return render(request, "staff/new.html", {"form": form}, status_code=200 if form.ok else 400)


async def _user_or_404(request: Request) -> User:
    user = await User.get_or_none(id=request.path_params["user_id"])
    if user is None:
        raise HTTPException(404)
    return user


async def _detail(request: Request, user: User, form: Form, status: int = 200) -> Response:
    grants = await RoleGrant.filter(user=user).select_related("area").order_by("role")
    context = {
        "person": user,
        "grants": grants,
        "form": form,
        "role_labels": role_labels(),
        "areas": await Area.all().order_by("path"),
    }
    return render(request, "staff/detail.html", context, status_code=status)


@requires(Role.ADMIN)
async def user_detail(request: Request) -> Response:
    return await _detail(request, await _user_or_404(request), Form())


@requires(Role.ADMIN)
async def grant_add(request: Request) -> Response:
    user = await _user_or_404(request)
    form, _data = await read_form(request)
    role_value = form.values.get("role", "")
    area_id = parse_id(form.values.get("area"))
    area = await Area.get_or_none(id=area_id) if area_id is not None else None
    if role_value not in {r.value for r in Role}:
        form.add_error("role", _("请选择角色"))
    else:
        try:
            await services.role_grant(current_user(request), user, Role(role_value), area)
        except services.StaffRuleError as exc:
            form.add_error(exc.field, str(exc))
    if not form.ok:
        return await _detail(request, user, form, status=400)
    flash(request, _("已授予角色。"))
    return RedirectResponse(f"/admin/users/{user.id}", status_code=303)


@requires(Role.ADMIN)
async def grant_revoke(request: Request) -> Response:
    user = await _user_or_404(request)
    grant = await RoleGrant.get_or_none(id=request.path_params["grant_id"], user=user)
    if grant is None:
        raise HTTPException(404)
    try:
        await services.role_revoke(current_user(request), grant)
    except services.StaffRuleError as exc:
        form = Form()
        form.add_error(exc.field, str(exc))
        return await _detail(request, user, form, status=400)
    flash(request, _("已撤销角色。"))
    return RedirectResponse(f"/admin/users/{user.id}", status_code=303)
