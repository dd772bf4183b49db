"""Finance (财政): award lists across processes, confirm subsidies, record disbursement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.transactions import in_transaction

from accountability import finance_book
from accountability.finance_book import TERMS, FinanceRow, finance_rows
from accountability.implementation.models import Spend
from accountability.implementation.queries import spend_total, spends_of
from accountability.payees.queries import accounts_by_area
from core import audit, clock
from core.exports import download
from core.flash import flash
from core.formatting import fen_to_input
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.principal import Principal
from core.templating import render
from projects.lookups import process_or_404
from projects.models import Process
from votes.models import Award
from votes.results import exports, queries

FIELDS = ["subsidy_fen", "confirmed_fen", "disbursed_fen", "disbursed_on"]


@requires(Role.FINANCE)
async def finance_home(request: Request) -> Response:
    process_ids = set(await Award.all().values_list("proposal__process_id", flat=True))
    processes = await Process.filter(id__in=list(process_ids)).select_related("area")
    return render(request, "accountability/finance_home.html", {"processes": processes})


def confirmed_spend(spends: list[Spend]) -> dict[int, int]:
    """支出确认 per project: the spend finance has confirmed, entry by entry."""
    totals: dict[int, int] = defaultdict(int)
    for spend in spends:
        if spend.confirmed_at is not None:
            totals[spend.proposal_id] += spend.amount_fen
    return totals


async def _finance_rows(process: Process) -> tuple[list[FinanceRow], list[Spend]]:
    awards = await queries.awards_of(process)
    spends = await spends_of(process)
    payees = await accounts_by_area([a.proposal.area_id for a in awards])
    rows = finance_rows(exports.award_rows(awards), confirmed_spend(spends), payees)
    return rows, spends


@requires(Role.FINANCE)
async def finance_process(request: Request) -> Response:
    process = await process_or_404(request)
    rows, spends = await _finance_rows(process)
    context = {
        "process": process,
        "rows": rows,
        "total": sum(r.award.subsidy_fen for r in rows),
        "approved": sum(r.award.confirmed_fen or 0 for r in rows),
        "confirmed": sum(r.confirmed_spend_fen for r in rows),
        "disbursed": sum(r.award.disbursed_fen for r in rows),
        "spends": spends,
        "terms": TERMS,
    }
    return render(request, "accountability/finance_process.html", context)


@requires(Role.FINANCE)
async def finance_download(request: Request) -> Response:
    process = await process_or_404(request)
    rows, _spends = await _finance_rows(process)
    title = _("{name}一事一议奖补名单（财政）").format(name=process.name)
    return download(finance_book.xlsx(title, rows), f"{title}.xlsx")


@requires(Role.FINANCE)
async def award_update(request: Request) -> Response:
    """Confirm the subsidy (财政核定) and/or record a disbursement (拨付), audited."""
    award = await Award.get_or_none(id=request.path_params["award_id"]).select_related("proposal")
    if award is None:
        raise HTTPException(404)
    form, _data = await read_form(request)
    confirmed = form.money("confirmed", _("核定奖补"), required=False)
    disbursed = form.money("disbursed", _("已拨付"), required=False)
    on = form.date("disbursed_on", _("拨付日期"), required=False)
    if form.ok:
        await _save(current_user(request), award, confirmed, disbursed, on, form)
    if not form.ok:
        flash(request, "；".join(form.errors.values()), "error")
    else:
        flash(request, _("已保存「{title}」。").format(title=award.proposal.title))
    process_id = award.proposal.process_id
    return RedirectResponse(f"/finance/processes/{process_id}", status_code=303)


def _check(award: Award, confirmed: int, disbursed: int, entered: int, form: Form) -> None:
    """The figures must nest: spend entered and money disbursed ≤ confirmed ≤ the tally's."""
    if confirmed > award.subsidy_fen:
        form.add_error("confirmed", _("核定奖补不能超过计票确定的奖补额"))
    if disbursed > (confirmed or award.confirmed_fen or 0):
        form.add_error("disbursed", _("拨付金额不能超过核定奖补"))
    paid = disbursed or award.disbursed_fen  # a disbursement entered replaces the total
    if confirmed and confirmed < paid:
        form.add_error(
            "confirmed",
            _("核定奖补不能低于已拨付的 {paid} 元").format(paid=fen_to_input(paid)),
        )
    if confirmed and confirmed < entered:
        form.add_error(
            "confirmed",
            _("已登记的实施支出 {spent} 元超过了这个核定额").format(spent=fen_to_input(entered)),
        )


async def _save(
    actor: Principal,
    award: Award,
    confirmed: int,
    disbursed: int,
    on: dt.date | None,
    form: Form,
) -> None:
    """Checked and written under the award's row lock: two finance officers saving at once
    cannot together leave it confirmed below what was disbursed."""
    async with in_transaction():
        proposal = award.proposal
        award = await Award.select_for_update().get(id=award.id)
        award.proposal = proposal
        _check(award, confirmed, disbursed, await spend_total(award.proposal), form)
        if not form.ok:
            return
        before = audit.snapshot(award, FIELDS)
        if confirmed:
            award.confirmed_fen = confirmed
            award.confirmed_at = clock.now()
            award.confirmed_by_id = actor.id
        if disbursed:
            award.disbursed_fen = disbursed
            award.disbursed_on = on or clock.today()
        await award.save()
        await audit.record(
            actor,
            "award.finance",
            ("award", award.id),
            f"财政核定/拨付：{award.proposal.title}",
            before=before,
            after=audit.snapshot(award, FIELDS),
        )
