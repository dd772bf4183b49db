"""Verification pages: the resident's own (/verify) and the official's in person (/desk/verify)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.accounts import privacy
from core.accounts.models import ConsentPurpose
from core.flash import flash
from core.forms import MOBILE_RE, Form, read_form
from core.i18n import gettext as _
from core.models import Area, Role, User
from core.permissions import current_user, login_required, requires
from core.principal import Principal
from core.templating import render
from residents import permissions, queries, verification
from residents.eligibility import verified_entry
from residents.models import NAME_MAX, Verification
from residents.verify_form import RosterClaim, forget_id_number, read_roster_claim


def how_labels() -> dict[str, str]:
    return {Verification.ROSTER: _("本人核对名册"), Verification.IN_PERSON: _("干部现场核验")}


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


@login_required
async def verify(request: Request) -> Response:
    user = current_user(request)
    entry = await verified_entry(user.id)
    areas = await Area.filter(kind__in=list(permissions.LIVING)).select_related("parent")
    form = Form(values={"area": str(user.home_area_id or "")})
    if request.method == "POST" and entry is not None:
        return RedirectResponse("/verify", status_code=303)  # already verified
    if request.method == "POST":
        form, _data = await read_form(request)
        form.text("name", _("姓名"), max_length=NAME_MAX)
        claim = read_roster_claim(form, areas)
        if form.values.get("id_consent") != "yes":
            # 个人信息保护法 art. 29: sensitive information needs its own, separate consent.
            form.add_error("id_consent", _("请先勾选同意以身份证号核对居民名册"))
        if form.ok and claim is not None:
            await privacy.consent_give(user_id=user.id, purpose=ConsentPurpose.ID_VERIFICATION)
            response = await _try_verify(request, user, form, claim)
            if response is not None:
                return response
    forget_id_number(form)
    context = {"entry": entry, "areas": areas, "form": form, "how_labels": how_labels()}
    return render(
        request,
        "residents/verify.html",
        context,
        block="status",
        status_code=200 if form.ok else 400,
    )


async def _try_verify(
    request: Request, user: Principal, form: Form, claim: RosterClaim
) -> Response | None:
    area = claim.area
    try:
        await verification.verify_self(
            user,
            name=form.values["name"],
            id_number=claim.id_number,
            area_id=area.id,
            ip=_ip(request),
        )
    except verification.VerificationLocked:
        form.add_error(
            "form", _("核验失败次数过多，请一小时后再试，或带身份证到村/社区干部处现场核验。")
        )
    except verification.AlreadyVerified:
        return RedirectResponse("/verify", status_code=303)
    except verification.NoMatch:
        # One answer whatever did not match: the page must not help anyone probe the roster.
        form.add_error(
            "form",
            _("填写的信息与名册不符，无法核验。请核对后再试，或带身份证到村/社区干部处现场核验。"),
        )
    else:
        flash(request, _("核验成功：您已是{area}的核验居民。").format(area=area.name))
        return RedirectResponse("/verify", status_code=303)
    return None


async def _find_resident(official: Principal, mobile: str) -> User | None:
    """Only people whose registered home is in the official's areas can be found."""
    if not MOBILE_RE.fullmatch(mobile):
        return None  # not a number at all (the form says so): nothing to look up
    resident = await User.get_or_none(mobile=mobile, is_active=True).select_related("home_area")
    home = resident.home_area if resident else None
    if resident is None or home is None or not official.governs(home.path):
        return None
    return resident


@requires(Role.OFFICIAL)
async def desk_verify(request: Request) -> Response:
    official = current_user(request)
    areas = await queries.living_areas(official)
    form = Form(values={"mobile": request.query_params.get("mobile", "").strip()[:11]})
    if request.method == "POST":
        form, _data = await read_form(request)
        response = await _verify_in_person(request, official, form, areas)
        if response is not None:
            return response
    resident = None
    mobile = form.values.get("mobile", "")
    if MOBILE_RE.fullmatch(mobile):
        resident = await _find_resident(official, mobile)
    if resident is not None and "area" not in form.values:
        form.values["area"] = str(resident.home_area_id)
    forget_id_number(form)
    context = {
        "form": form,
        "areas": areas,
        "resident": resident,
        "searched": bool(mobile),
        "entry": await verified_entry(resident.id) if resident else None,
        "how_labels": how_labels(),
    }
    return render(
        request, "residents/desk_verify.html", context, status_code=200 if form.ok else 400
    )


async def _verify_in_person(
    request: Request, official: Principal, form: Form, areas: list[Area]
) -> Response | None:
    resident = await _find_resident(official, form.mobile())
    if resident is None:
        form.add_error("mobile", _("在您负责的区域内没有找到这个手机号的居民"))
    claim = read_roster_claim(form, areas)
    if form.values.get("checked") != "yes":
        form.add_error("checked", _("请先当面核对身份证原件与本人相符"))
    if not form.ok or resident is None or claim is None:
        return None
    area = claim.area
    try:
        entry = await verification.verify_in_person(official, resident, area, claim.id_number)
    except verification.VerificationRefused as exc:
        form.add_error("id_number", str(exc))
        return None
    message = _("已现场核验 {name}：{area}名册中的「{roster_name}」。")
    flash(request, message.format(name=resident.name, area=area.name, roster_name=entry.name))
    return RedirectResponse(f"/desk/verify?mobile={quote(resident.mobile)}", status_code=303)
