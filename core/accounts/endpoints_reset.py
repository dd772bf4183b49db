"""忘记密码: number → SMS code → new password, then signed in.

The first step answers the same whether or not the number is registered (the same redirect,
the same next page, the same throttles), so it cannot be used to list numbers.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.accounts import codes, credentials, smslimit
from core.accounts.endpoints import client_ip, start_session
from core.accounts.forms import check_code, check_new_password
from core.accounts.services import WrongCode
from core.flash import flash
from core.forms import MOBILE_RE, Form, read_form
from core.i18n import gettext as _
from core.templating import render

# The number waiting for its code, in the signed session: never in a URL (access logs).
RESET_MOBILE = "reset_mobile"


def _page(request: Request, form: Form, stage: str, status: int) -> Response:
    return render(
        request, "accounts/reset.html", {"form": form, "stage": stage}, status_code=status
    )


async def reset(request: Request) -> Response:
    """Step 1: the number; a code is sent if it has an account."""
    if request.method != "POST":
        return _page(request, Form(), "phone", 200)
    form, _data = await read_form(request)
    mobile = form.mobile()
    if form.ok:
        try:
            await credentials.reset_code_send(mobile=mobile, ip=client_ip(request))
        except smslimit.SmsThrottled as exc:
            form.add_error("mobile", codes.throttled_message(exc))
            return _page(request, form, "phone", 429)
        except codes.CodeNotSent:
            form.add_error("mobile", codes.not_sent_message())
            return _page(request, form, "phone", 503)
        request.session[RESET_MOBILE] = mobile
        flash(request, _("如果该手机号已注册，验证码已发送，5 分钟内有效。"))
        return RedirectResponse("/reset/password", status_code=303)
    return _page(request, form, "phone", 400)


async def reset_password(request: Request) -> Response:
    """Step 2: the code and the new password."""
    if request.method != "POST":
        mobile = request.session.get(RESET_MOBILE, "")
        if not MOBILE_RE.fullmatch(mobile):
            return RedirectResponse("/reset", status_code=303)
        return _page(request, Form(values={"mobile": mobile}), "code", 200)
    form, _data = await read_form(request)
    mobile = form.mobile()
    code = check_code(form)
    password = check_new_password(form)
    if form.ok:
        try:
            user = await credentials.password_reset(
                mobile=mobile, code=code, password=password, ip=client_ip(request)
            )
        except WrongCode:
            form.add_error("code", codes.wrong_code_message())
        else:
            start_session(request, user.id, user.session_version)
            flash(request, _("密码已重设，您已登录。其他设备上的登录已全部退出。"))
            return RedirectResponse("/me", status_code=303)
    return _page(request, form, "code", 400)
