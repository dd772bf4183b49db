"""Finance's page of village payee accounts (收款账户) and the form to enter one."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from accountability.payees import queries, services
from accountability.payees.rules import checked_entry
from core.areas.importer import CODE_RE
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Area, Role
from core.permissions import current_user, requires
from core.templating import render


@requires(Role.FINANCE)
async def payee_list(request: Request) -> Response:
    villages = await queries.funded_villages()
    accounts = await queries.accounts_by_area([v.id for v in villages])
    rows = [(v, accounts.get(v.id)) for v in villages]
    return render(request, "accountability/payees.html", {"rows": rows})


async def _area(request: Request) -> Area:
    code = request.path_params["code"]
    area = await Area.get_or_none(code=code) if CODE_RE.fullmatch(code) else None
    if area is None:
        raise HTTPException(404)
    return area


@requires(Role.FINANCE)
async def payee_edit(request: Request) -> Response:
    area = await _area(request)
    account = (await queries.accounts_by_area([area.id])).get(area.id)
    form = Form()
    if account is not None:
        form.values = {"account_name": account.account_name, "bank": account.bank}
    if request.method == "POST":
        form, _data = await read_form(request)
        entry = checked_entry(form)
        if form.ok:
            await services.payee_save(current_user(request), area, entry)
            flash(request, _("已保存{name}的收款账户。").format(name=area.name))
            return RedirectResponse("/finance/payees", status_code=303)
    context = {"form": form, "area": area, "account": account}
    return render(
        request, "accountability/payee_form.html", context, status_code=200 if form.ok else 400
    )
