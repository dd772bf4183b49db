"""Under 我的: change the password, change the phone number, prove the number (older accounts).

The phone pages are one plain form whose buttons post to different addresses (获取验证码 for
each number, then 确认更换), so they work without JavaScript and keep what was typed.
"""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.accounts import codes, credentials, smslimit
from core.accounts.endpoints import client_ip, start_session
from core.accounts.forms import check_code, check_new_password
from core.accounts.services import LoginLocked, MobileTaken, WrongCode
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import User
from core.permissions import current_user, login_required
from core.templating import render


def locked_message() -> str:
    return _("密码错误次数过多，请 15 分钟后再试")


@login_required
async def change_password(request: Request) -> Response:
    form = Form()
    if request.method == "POST":
        form, _data = await read_form(request)
        if not form.values.get("old_password"):
            form.add_error("old_password", _("请输入原密码"))
        password = check_new_password(form)
        if form.ok:
            try:
                user = await credentials.password_change(
                    user_id=current_user(request).id,
                    old=form.values["old_password"],
                    new=password,
                    ip=client_ip(request),
                )
            except credentials.WrongPassword:
                form.add_error("old_password", _("原密码不正确"))
            except LoginLocked:
                form.add_error("old_password", locked_message())
            else:
                start_session(request, user.id, user.session_version)
                flash(request, _("密码已修改，其他设备上的登录已全部退出。"))
                return RedirectResponse("/me", status_code=303)
    status = 200 if form.ok else 400
    return render(request, "accounts/password.html", {"form": form}, status_code=status)


async def _phone_page(request: Request, form: Form, status: int = 200) -> Response:
    account = await User.get(id=current_user(request).id)
    return render(
        request, "accounts/phone.html", {"form": form, "account": account}, status_code=status
    )


async def _send(request: Request, form: Form, field: str, send: Awaitable[None]) -> Response:
    """Run a code-sending call; the page comes back with the outcome beside ``field``."""
    try:
        await send
    except smslimit.SmsThrottled as exc:
        form.add_error(field, codes.throttled_message(exc))
        return await _phone_page(request, form, 429)
    except codes.CodeNotSent:
        form.add_error(field, codes.not_sent_message())
        return await _phone_page(request, form, 503)
    except MobileTaken:
        form.add_error(field, _("这个手机号已被其他账户使用"))
        return await _phone_page(request, form, 400)
    flash(request, _("验证码已发送，5 分钟内有效。"))
    return await _phone_page(request, form)


@login_required
async def phone(request: Request) -> Response:
    if request.method != "POST":
        return await _phone_page(request, Form())
    return await _phone_change(request)


@login_required
async def phone_code_old(request: Request) -> Response:
    form, _data = await read_form(request)
    account = await User.get(id=current_user(request).id)
    return await _send(
        request,
        form,
        "old_code",
        credentials.phone_code_send_old(user=account, ip=client_ip(request)),
    )


@login_required
async def phone_code_new(request: Request) -> Response:
    form, _data = await read_form(request)
    new_mobile = form.mobile("new_mobile")
    if not form.ok:
        return await _phone_page(request, form, 400)
    account = await User.get(id=current_user(request).id)
    send = credentials.phone_code_send_new(
        user=account, new_mobile=new_mobile, ip=client_ip(request)
    )
    return await _send(request, form, "new_mobile", send)


async def _phone_change(request: Request) -> Response:
    form, _data = await read_form(request)
    new_mobile = form.mobile("new_mobile")
    old_code, new_code = check_code(form, "old_code"), check_code(form, "new_code")
    if form.ok:
        try:
            user = await credentials.phone_change(
                user_id=current_user(request).id,
                new_mobile=new_mobile,
                old_code=old_code,
                new_code=new_code,
                ip=client_ip(request),
            )
        except WrongCode:
            form.add_error("new_code", codes.wrong_code_message())
        except MobileTaken:
            form.add_error("new_mobile", _("这个手机号已被其他账户使用"))
        else:
            start_session(request, user.id, user.session_version)
            flash(request, _("手机号已更换为 {mobile}，请用新号码登录。").format(mobile=new_mobile))
            return RedirectResponse("/me", status_code=303)
    return await _phone_page(request, form, 400)


async def _verify_page(request: Request, form: Form, status: int = 200) -> Response:
    account = await User.get(id=current_user(request).id)
    context = {"form": form, "account": account}
    return render(request, "accounts/verify_phone.html", context, status_code=status)


@login_required
async def verify_phone(request: Request) -> Response:
    if request.method != "POST":
        return await _verify_page(request, Form())
    form, _data = await read_form(request)
    code = check_code(form)
    if form.ok:
        try:
            await credentials.phone_verify(
                user_id=current_user(request).id, code=code, ip=client_ip(request)
            )
        except WrongCode:
            form.add_error("code", codes.wrong_code_message())
        else:
            flash(request, _("手机号已验证。"))
            return RedirectResponse("/me", status_code=303)
    return await _verify_page(request, form, 400)


@login_required
async def verify_phone_code(request: Request) -> Response:
    await read_form(request)
    form = Form()
    account = await User.get(id=current_user(request).id)
    try:
        await credentials.phone_verify_send(user=account, ip=client_ip(request))
    except smslimit.SmsThrottled as exc:
        form.add_error("code", codes.throttled_message(exc))
        return await _verify_page(request, form, 429)
    except codes.CodeNotSent:
        form.add_error("code", codes.not_sent_message())
        return await _verify_page(request, form, 503)
    flash(request, _("验证码已发送至 {mobile}，5 分钟内有效。").format(mobile=account.mobile))
    return await _verify_page(request, form)
