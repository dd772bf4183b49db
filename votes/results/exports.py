"""The award list (一事一议奖补名单) as rows, XLSX, CSV (UTF-8 with BOM) and JSON.

Pure functions over plain rows: money in integer fen, turned into Decimal yuan at the edge.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from starlette.responses import Response

from core.exports import csv_bytes as table_csv
from core.exports import defuse, download, sheet_title
from core.exports import yuan as _yuan
from core.i18n import gettext as _
from projects.labels import CATEGORIES
from votes.models import Award

YUAN = '"¥"#,##0.00'


@dataclass(frozen=True)
class AwardRow:
    township: str
    title: str
    village: str
    category: str
    total_cost_fen: int
    villager_funds_fen: int
    labour_days: int
    donations_fen: int
    subsidy_fen: int
    votes: int
    households: int
    confirmed_fen: int | None = None
    disbursed_fen: int = 0
    disbursed_on: str = ""


def headers(finance: bool) -> list[str]:
    base = [
        _("序号"),
        _("项目名称"),
        _("村/社区"),
        _("类别"),
        _("总投资（元）"),
        _("村民筹资（元）"),
        _("筹劳（工日）"),
        _("社会捐赠（元）"),
        _("财政奖补（元）"),
        _("得票"),
        _("受益户数"),
    ]
    if finance:
        base += [_("财政核定（元）"), _("已拨付（元）"), _("拨付日期")]
    return base


def _cells(n: int, row: AwardRow, finance: bool) -> list[object]:
    # Titles are residents' text: defused, or "=HYPERLINK(…)" would run as a formula in Excel.
    cells: list[object] = [
        n,
        defuse(row.title),
        defuse(row.village),
        row.category,
        _yuan(row.total_cost_fen),
        _yuan(row.villager_funds_fen),
        row.labour_days,
        _yuan(row.donations_fen),
        _yuan(row.subsidy_fen),
        row.votes,
        row.households,
    ]
    if finance:
        cells += [_yuan(row.confirmed_fen), _yuan(row.disbursed_fen), row.disbursed_on]
    return cells


def _totals(label: str, rows: Sequence[AwardRow], finance: bool) -> list[object]:
    cells: list[object] = [
        label,
        "",
        "",
        "",
        _yuan(sum(r.total_cost_fen for r in rows)),
        _yuan(sum(r.villager_funds_fen for r in rows)),
        sum(r.labour_days for r in rows),
        _yuan(sum(r.donations_fen for r in rows)),
        _yuan(sum(r.subsidy_fen for r in rows)),
        sum(r.votes for r in rows),
        sum(r.households for r in rows),
    ]
    if finance:
        cells += [
            _yuan(sum(r.confirmed_fen or 0 for r in rows)),
            _yuan(sum(r.disbursed_fen for r in rows)),
            "",
        ]
    return cells


def _sheet(sheet: Worksheet, rows: Sequence[AwardRow], finance: bool, total_label: str) -> None:
    sheet.append(headers(finance))
    for n, row in enumerate(rows, start=1):
        sheet.append(_cells(n, row, finance))
    sheet.append(_totals(total_label, rows, finance))
    for cell in sheet[1] + sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    money_columns = "EFHI" + ("LM" if finance else "")
    for column in money_columns:
        for cell in sheet[column][1:]:
            cell.number_format = YUAN
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["C"].width = 14


def xlsx(title: str, rows: Sequence[AwardRow], *, finance: bool = False) -> bytes:
    """A summary sheet, then one sheet per township with its subtotal."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("汇总")
    by_township = [(t, list(g)) for t, g in groupby(rows, key=lambda r: r.township)]
    summary.append([title])
    summary.append([_("街道/镇"), _("项目数"), _("总投资（元）"), _("财政奖补（元）")])
    for township, group in by_township:
        summary.append(
            [
                defuse(township),
                len(group),
                _yuan(sum(r.total_cost_fen for r in group)),
                _yuan(sum(r.subsidy_fen for r in group)),
            ]
        )
    summary.append(
        [
            _("合计"),
            len(rows),
            _yuan(sum(r.total_cost_fen for r in rows)),
            _yuan(sum(r.subsidy_fen for r in rows)),
        ]
    )
    for column in "CD":
        for cell in summary[column][2:]:
            cell.number_format = YUAN
    summary.freeze_panes = "A3"
    for township, group in by_township:
        _sheet(book.create_sheet(sheet_title(township)), group, finance, _("小计"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[AwardRow], *, finance: bool = False) -> bytes:
    """A subtotal per township (``core.exports``: UTF-8 with a BOM, every cell defused)."""
    lines: list[list[object]] = []
    n = 0
    for township, group in groupby(rows, key=lambda r: r.township):
        items = list(group)
        for row in items:
            n += 1
            lines.append([township, *map(_text, _cells(n, row, finance))])
        lines.append([township, *map(_text, _totals(_("小计"), items, finance))])
    lines.append(["", *map(_text, _totals(_("合计"), rows, finance))])
    return table_csv([_("街道/镇"), *headers(finance)], lines)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def json_bytes(title: str, rows: Sequence[AwardRow]) -> bytes:
    items = [
        {
            k: v
            for k, v in asdict(r).items()
            if k not in ("confirmed_fen", "disbursed_fen", "disbursed_on")
        }
        for r in rows
    ]
    document = {
        "title": title,
        "currency": "CNY",
        "money_unit": "fen",
        "awards": items,
        "total_subsidy_fen": sum(r.subsidy_fen for r in rows),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def award_rows(awards: list[Award]) -> list[AwardRow]:
    rows = []
    for award in awards:
        p = award.proposal
        township = p.area.parent.name if p.area.parent else p.area.name
        rows.append(
            AwardRow(
                township=township,
                title=p.title,
                village=p.area.name,
                category=_(CATEGORIES[p.category]),
                total_cost_fen=p.total_cost_fen,
                villager_funds_fen=p.villager_funds_fen,
                labour_days=p.labour_days,
                donations_fen=p.donations_fen,
                subsidy_fen=award.subsidy_fen,
                votes=award.votes,
                households=p.beneficiaries_households,
                confirmed_fen=award.confirmed_fen,
                disbursed_fen=award.disbursed_fen,
                disbursed_on=award.disbursed_on.isoformat() if award.disbursed_on else "",
            )
        )
    return rows


def award_file(
    title: str, rows: list[AwardRow], kind: str, *, finance: bool, filename: str
) -> Response:
    if kind == "xlsx":
        body = xlsx(title, rows, finance=finance)
    elif kind == "csv":
        body = csv_bytes(rows, finance=finance)
    else:
        body = json_bytes(title, rows)
    return download(body, f"{filename}.{kind}")
