"""Register, log in, log out, my page, language switch."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.accounts import services
from core.accounts.forms import LIVING_AREAS, check_registration
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import LOCALES
from core.i18n import gettext as _
from core.middleware import LOCALE_COOKIE
from core.models import Area
from core.permissions import signed_in
from core.templating import render


def safe_next(target: str | None) -> str:
    """Only same-site paths: never bounce a visitor to another host after login."""
    # Browsers read "/\host" as "//host" and drop tabs and newlines from addresses, so a
    # path with either is refused before it is parsed; so is anything urlsplit cannot parse
    # (it raises on "//[", an unclosed IPv6 host).
    if not target or not target.startswith("/") or _UNSAFE_IN_PATH.search(target):
        return "/"
    try:
        parts = urlsplit(target)
    except ValueError:
        return "/"
    if parts.scheme or parts.netloc or target.startswith("//"):
        return "/"
    return target


_UNSAFE_IN_PATH = re.compile(r"[\\\t\r\n]|^//")


async def _living_areas() -> list[Area]:
    return await Area.filter(kind__in=list(LIVING_AREAS)).select_related("parent")


async def register(request: Request) -> Response:
    form, status = Form(), None
    if request.method == "POST":
        form, _data = await read_form(request)
        area_id = await check_registration(form)
        if form.ok:
            try:
                user = await services.resident_register(
                    name=form.values["name"],
                    mobile=form.values["mobile"],
                    password=form.values["password"],
                    home_area_id=area_id,
                    ip=request.client.host if request.client else "",
                )
            except services.MobileTaken:
                form.add_error("mobile", _("该手机号已注册，请直接登录"))
            except services.RegistrationThrottled:
                form.add_error("form", _("此网络注册过于频繁，请一小时后再试"))
                status = 429
            else:
                _start_session(request, user.id, user.session_version)
                flash(request, _("注册成功，欢迎使用议事。"))
                return RedirectResponse("/me", status_code=303)
    context = {"form": form, "areas": await _living_areas()}
    return render(request, "accounts/register.html", context, status_code=status or _status(form))


async def login(request: Request) -> Response:
    form = Form(values={"next": safe_next(request.query_params.get("next"))})
    if request.method == "POST":
        form, _data = await read_form(request)
        form.mobile()
        if not form.values.get("password"):
            form.add_error("password", _("请输入密码"))
        if form.ok:
            response = await _try_login(request, form)
            if response:
                return response
    return render(request, "accounts/login.html", {"form": form}, status_code=_status(form))


async def _try_login(request: Request, form: Form) -> Response | None:
    ip = request.client.host if request.client else ""
    try:
        user = await services.login_check(
            mobile=form.values["mobile"], password=form.values["password"], ip=ip
        )
    except services.LoginLocked:
        form.add_error("password", _("登录失败次数过多，请 15 分钟后再试"))
        return None
    if user is None:
        # One message for both cases: do not reveal which numbers are registered.
        form.add_error("password", _("手机号或密码不正确"))
        return None
    _start_session(request, user.id, user.session_version)
    flash(request, _("已登录。"))
    return RedirectResponse(safe_next(form.values.get("next")), status_code=303)


def _start_session(request: Request, user_id: int, version: int) -> None:
    # A fresh session on login: a token planted before login (fixation) is discarded.
    request.session.clear()
    request.session["uid"] = user_id
    request.session["sv"] = version


def _status(form: Form) -> int:
    return 200 if form.ok else 400


async def logout(request: Request) -> Response:
    user = signed_in(request)
    if user is not None:
        # Signed cookies live on in any copy taken before logout (a shared computer);
        # bumping the version ends every session of the account, those copies included.
        await services.sessions_end(user.id)
    request.session.clear()
    flash(request, _("已退出登录。"))
    return RedirectResponse("/", status_code=303)


async def switch_language(request: Request) -> Response:
    """A language preference is not server state, so a plain link may set it."""
    locale = request.path_params["locale"]
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if locale in LOCALES:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response
