"""我的数据 (/me/data): download everything Yishi holds about me, delete my account; and the
privacy policy (/privacy) that says what that is."""

from __future__ import annotations

import json

import pandas as pd
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core import clock, exports, personal_data
from core.accounts import erasure, privacy
from core.accounts.credentials import WrongPassword
from core.accounts.endpoints import client_ip, safe_next
from core.accounts.endpoints_me import locked_message
from core.accounts.models import ConsentPurpose
from core.accounts.services import LoginLocked
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.permissions import current_user, login_required
from core.templating import render


async def privacy_policy(request: Request) -> Response:
    return render(request, "accounts/privacy.html", {"version": privacy.POLICY_VERSION})


@login_required
async def agree_to_policy(request: Request) -> Response:
    """The banner's 我已阅读并同意: a consent to the current policy, kept with its version
    (the consents list of 我的数据 shows it), then back to the page the banner was on."""
    form, _data = await read_form(request)
    await privacy.consent_give(
        user_id=current_user(request).id, purpose=ConsentPurpose.PRIVACY_POLICY
    )
    flash(request, _("已同意新版《隐私政策》。"))
    return RedirectResponse(safe_next(form.values.get("next")), status_code=303)


async def _data_page(request: Request, form: Form, status: int = 200) -> Response:
    user = current_user(request)
    found = await personal_data.collect(user.id)
    counts = [(_(s.title), len(found.get(s.name, []))) for s in personal_data.sections()]
    context = {"form": form, "counts": counts, "consents": found.get("consents", [])}
    return render(request, "accounts/my_data.html", context, status_code=status)


@login_required
async def my_data(request: Request) -> Response:
    return await _data_page(request, Form())


@login_required
async def my_data_download(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in ("json", "xlsx"):
        raise HTTPException(404)
    found = await personal_data.collect(current_user(request).id)
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    if kind == "json":
        document = {
            "exported_at": clock.now().isoformat(),
            "privacy_policy_version": privacy.POLICY_VERSION,
            "data": found,
        }
        body = json.dumps(document, ensure_ascii=False, indent=2).encode()
        return exports.download(body, f"我的数据-{stamp}.json")
    sheets = {_(s.title): pd.DataFrame(found[s.name]) for s in personal_data.sections()}
    return exports.download(exports.to_xlsx(sheets), f"我的数据-{stamp}.xlsx")


@login_required
async def delete_account(request: Request) -> Response:
    form, _data = await read_form(request)
    if form.values.get("confirm") != "yes":
        form.add_error("confirm", _("请勾选确认：注销后无法恢复"))
    if not form.values.get("password"):
        form.add_error("password", _("请输入密码以确认"))
    if form.ok:
        try:
            await erasure.account_delete(
                user_id=current_user(request).id,
                password=form.values["password"],
                ip=client_ip(request),
            )
        except WrongPassword:
            form.add_error("password", _("密码不正确"))
        except LoginLocked:
            form.add_error("password", locked_message())
        else:
            request.session.clear()
            flash(request, _("您的账户已注销，个人信息已删除或匿名化。"))
            return RedirectResponse("/", status_code=303)
    return await _data_page(request, form, 400)
