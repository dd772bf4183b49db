"""The finance office's award list (财政版奖补名单): an XLSX to book from.

Per funded project: its number, the village's 12-digit code (统计用区划代码) and collective
account (the payee), and the four sums finance works with, each defined in its header's
comment and on the notes sheet. Subtotals and totals are SUM formulas.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook

from accountability.payees.models import PayeeAccount
from core.exports import Column, ledger_sheet, notes_sheet, sheet_title
from core.i18n import N_
from core.i18n import gettext as _
from votes.results.exports import AwardRow, summary_sheet, townships

# The four sums, each in one line: shown on the finance page and written into the file.
TERMS = {
    "subsidy": (N_("计票奖补"), N_("投票和奖补规则确定的奖补额，是财政核定的上限。")),
    "approved": (N_("核定奖补"), N_("财政审核后批准拨给该项目的奖补额，不超过计票奖补。")),
    "confirmed": (N_("支出确认"), N_("村里登记、经财政逐笔确认的项目实际支出合计。")),
    "disbursed": (N_("已拨付"), N_("财政已转入村集体收款账户的累计金额。")),
}


TOTAL_COST_NOTE = N_("项目全部投资：奖补、村民筹资与社会捐赠之和。")


@dataclass(frozen=True)
class FinanceRow:
    award: AwardRow
    confirmed_spend_fen: int
    payee: PayeeAccount | None


def _money(term: str) -> Column:
    word, note = TERMS[term]
    return Column(_("{word}（元）").format(word=_(word)), "money", summed=True, note=_(note))


def columns() -> list[Column]:
    return [
        Column(_("序号"), "count"),
        Column(_("项目编号"), "code", note=_("批次号-提案号，与平台上的项目页一致。")),
        Column(_("项目名称")),
        Column(_("村/社区")),
        Column(_("区划代码"), "code", note=_("村/社区的 12 位统计用区划代码。")),
        Column(_("类别")),
        Column(
            _("总投资（元）"),
            "money",
            summed=True,
            note=_("项目全部投资：奖补、村民筹资与社会捐赠之和。"),
        ),
        _money("subsidy"),
        _money("approved"),
        _money("confirmed"),
        _money("disbursed"),
        Column(_("最近拨付日期"), "date"),
        Column(_("收款户名"), note=_("村集体收款账户，由财政在“收款账户”页登记并核对。")),
        Column(_("开户银行")),
        Column(_("银行账号"), "code"),
        Column(_("得票"), "count", note=_("该项目的得票数；小计行不合计得票。")),
        Column(_("受益户数"), "count", summed=True),
    ]


def _cells(n: int, row: FinanceRow) -> list[object]:
    a, payee = row.award, row.payee
    return [
        n,
        a.project_no,
        a.title,
        a.village,
        a.village_code,
        a.category,
        a.total_cost_fen,
        a.subsidy_fen,
        a.confirmed_fen,
        row.confirmed_spend_fen,
        a.disbursed_fen,
        a.disbursed_on,
        payee.account_name if payee else "",
        payee.bank if payee else "",
        payee.account_number if payee else "",
        a.votes,
        a.households,
    ]


def finance_rows(
    rows: list[AwardRow], spent: Mapping[int, int], payees: Mapping[int, PayeeAccount]
) -> list[FinanceRow]:
    return [FinanceRow(r, spent.get(r.proposal_id, 0), payees.get(r.village_id)) for r in rows]


def xlsx(title: str, rows: list[FinanceRow]) -> bytes:
    book = Workbook()
    subtotals = []
    by_award = {id(r.award): r for r in rows}
    for township, group in townships([r.award for r in rows]):
        name = sheet_title(township)
        lines = [_cells(n, by_award[id(a)]) for n, a in enumerate(group, start=1)]
        at = ledger_sheet(book.create_sheet(name), columns(), lines, _("小计"))
        subtotals.append((township, name, at, len(group)))
    carried = [(c.header, letter) for c, letter in zip(columns()[6:11], "GHIJK", strict=True)]
    summary_sheet(book, title, subtotals, carried)
    notes_sheet(book, _("说明"), columns())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
