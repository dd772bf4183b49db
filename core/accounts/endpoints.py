"""Register, log in, log out, my page, language and 长辈模式 switches."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core import elder
from core.accounts import codes, services, smslimit
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


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def _register_page(
    request: Request, form: Form, stage: str, status: int | None = None
) -> Response:
    """Step "phone" asks for the number and sends the code; step "details" takes the rest."""
    context = {"form": form, "areas": await _living_areas(), "stage": stage}
    return render(request, "accounts/register.html", context, status_code=status or _status(form))


# The number waiting for its code, kept in the (signed) session rather than the address
# bar: a phone number in a URL ends up in access logs and browser history.
REGISTER_MOBILE = "register_mobile"


async def register(request: Request) -> Response:
    if request.method != "POST":
        if "again" in request.query_params:  # 换个手机号
            request.session.pop(REGISTER_MOBILE, None)
        mobile = request.session.get(REGISTER_MOBILE)
        if not mobile:
            return await _register_page(request, Form(), "phone", 200)
        return await _register_page(request, Form(values={"mobile": mobile}), "details", 200)
    form, _data = await read_form(request)
    area_id = await check_registration(form)
    status = None
    if form.ok:
        try:
            user = await services.resident_register(
                name=form.values["name"],
                mobile=form.values["mobile"],
                password=form.values["password"],
                home_area_id=area_id,
                code=form.values["code"],
                ip=client_ip(request),
            )
        except services.MobileTaken:
            form.add_error("mobile", _("该手机号已注册，请直接登录"))
        except services.RegistrationThrottled:
            form.add_error("form", _("此网络注册过于频繁，请一小时后再试"))
            status = 429
        except services.WrongCode:
            form.add_error("code", codes.wrong_code_message())
        else:
            start_session(request, user.id, user.session_version)
            flash(request, _("注册成功，欢迎使用议事。"))
            return RedirectResponse("/me", status_code=303)
    return await _register_page(request, form, "details", status)


async def register_code(request: Request) -> Response:
    """获取验证码: the first step of registration (a plain form: no JavaScript needed).

    Asked again from the details step (没收到？), the answer is that step with what was
    typed kept, the outcome beside the code field.
    """
    form, _data = await read_form(request)
    mobile = form.mobile()
    again = "name" in form.values
    stage, field = ("details", "code") if again else ("phone", "mobile")
    status = None
    if form.ok:
        try:
            await services.register_code_send(mobile=mobile, ip=client_ip(request))
        except services.MobileTaken:
            form.add_error(field, _("该手机号已注册，请直接登录"))
        except services.RegistrationThrottled:
            form.add_error(field, _("此网络注册过于频繁，请一小时后再试"))
            status = 429
        except smslimit.SmsThrottled as exc:
            form.add_error(field, codes.throttled_message(exc))
            status = 429
        except codes.CodeNotSent:
            form.add_error(field, codes.not_sent_message())
            status = 503
        else:
            request.session[REGISTER_MOBILE] = mobile
            flash(request, _("验证码已发送至 {mobile}，5 分钟内有效。").format(mobile=mobile))
            if again:
                form.values.pop("code", None)
                return await _register_page(request, form, stage, 200)
            return RedirectResponse("/register", status_code=303)
    return await _register_page(request, form, stage, status)


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
    try:
        user = await services.login_check(
            mobile=form.values["mobile"], password=form.values["password"], ip=client_ip(request)
        )
    except services.LoginLocked:
        form.add_error("password", _("登录失败次数过多，请 15 分钟后再试"))
        return None
    if user is None:
        # One message for both cases: do not reveal which numbers are registered.
        form.add_error("password", _("手机号或密码不正确"))
        return None
    start_session(request, user.id, user.session_version)
    flash(request, _("已登录。"))
    return RedirectResponse(safe_next(form.values.get("next")), status_code=303)


def start_session(request: Request, user_id: int, version: int) -> None:
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


async def switch_elder_mode(request: Request) -> Response:
    """长辈模式 on or off, then back to the page the visitor was reading (see core.elder)."""
    mode = request.path_params["mode"]
    if mode not in ("on", "off"):
        raise HTTPException(404)
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if mode == "on":
        response.set_cookie(elder.COOKIE, elder.ON, max_age=elder.MAX_AGE, samesite="lax")
    else:
        response.delete_cookie(elder.COOKIE, samesite="lax")
    return response


async def switch_language(request: Request) -> Response:
    """A language preference is not server state, so a plain link may set it."""
    locale = request.path_params["locale"]
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if locale in LOCALES:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response
