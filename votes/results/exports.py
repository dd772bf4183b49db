"""The award list (一事一议奖补名单) as rows, XLSX, CSV (UTF-8 with BOM) and JSON.

Pure functions over plain rows: money in integer fen, turned into Decimal yuan at the edge.
The XLSX is a ledger (``core.exports.ledger_sheet``): subtotals and totals are SUM formulas,
and votes are never summed (a sum of votes for different projects means nothing).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from itertools import groupby

from openpyxl import Workbook
from starlette.responses import Response

from core.exports import YUAN_FORMAT, Column, download, ledger_sheet, sheet_ref, sheet_title
from core.exports import csv_bytes as table_csv
from core.exports import yuan as _yuan
from core.i18n import gettext as _
from projects.labels import CATEGORIES
from votes.models import Award

YUAN = YUAN_FORMAT


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
    disbursed_on: dt.date | None = None
    project_no: str = ""
    village_code: str = ""
    village_id: int = 0
    proposal_id: int = 0
    award_id: int = 0


def project_number(process_id: int, proposal_id: int) -> str:
    """The project's number on every list and in the books: batch, then proposal."""
    return f"{process_id:03d}-{proposal_id:05d}"


def columns() -> list[Column]:
    """The public list's columns, in the order of the 公示 notice."""
    return [
        Column(_("序号"), "count"),
        Column(_("项目名称")),
        Column(_("村/社区")),
        Column(_("类别")),
        Column(_("总投资（元）"), "money", summed=True),
        Column(_("村民筹资（元）"), "money", summed=True),
        Column(_("筹劳（工日）"), "count", summed=True),
        Column(_("社会捐赠（元）"), "money", summed=True),
        Column(_("财政奖补（元）"), "money", summed=True),
        Column(_("得票"), "count"),
        Column(_("受益户数"), "count", summed=True),
    ]


def _cells(n: int, row: AwardRow) -> list[object]:
    return [
        n,
        row.title,
        row.village,
        row.category,
        row.total_cost_fen,
        row.villager_funds_fen,
        row.labour_days,
        row.donations_fen,
        row.subsidy_fen,
        row.votes,
        row.households,
    ]


def headers() -> list[str]:
    return [c.header for c in columns()]


def townships(rows: Sequence[AwardRow]) -> list[tuple[str, list[AwardRow]]]:
    return [(t, list(g)) for t, g in groupby(rows, key=lambda r: r.township)]


def summary_sheet(
    book: Workbook,
    title: str,
    subtotals: list[tuple[str, str, int, int]],
    carried: list[tuple[str, str]],
) -> None:
    """The first sheet: one row per township pointing at its sheet's subtotal row, and a
    total that sums them. `subtotals` holds (township, sheet title, subtotal row, number of
    projects); `carried` holds (header, column letter) of the money columns to bring over."""
    summary = book.active
    assert summary is not None
    summary.title = _("汇总")
    summary.append([title])
    summary.append([_("街道/镇"), _("项目数"), *(header for header, _letter in carried)])
    for township, sheet, row, count in subtotals:
        refs = [f"={sheet_ref(sheet, f'{letter}{row}')}" for _header, letter in carried]
        summary.append([township, count, *refs])
    last = summary.max_row
    sums = [f"=SUM({c}3:{c}{last})" for c in "BCDEFGHIJ"[: 1 + len(carried)]]
    summary.append([_("合计"), *sums])
    for column in summary.iter_cols(min_row=3, min_col=3):
        for cell in column:
            cell.number_format = YUAN_FORMAT
    summary.freeze_panes = "A3"
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 8
    for i in range(len(carried)):
        summary.column_dimensions["CDEFGHIJ"[i]].width = 20


def xlsx(title: str, rows: Sequence[AwardRow]) -> bytes:
    """A summary sheet, then one sheet per township with its subtotal."""
    book = Workbook()
    subtotals = []
    for township, group in townships(rows):
        name = sheet_title(township)
        lines = [_cells(n, row) for n, row in enumerate(group, start=1)]
        at = ledger_sheet(book.create_sheet(name), columns(), lines, _("小计"))
        subtotals.append((township, name, at, len(group)))
    summary_sheet(book, title, subtotals, [(_("总投资（元）"), "E"), (_("财政奖补（元）"), "I")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _totals(label: str, rows: Sequence[AwardRow]) -> list[object]:
    """A subtotal line for the CSV: sums of money, labour and households, never of votes."""
    return [
        label,
        "",
        "",
        "",
        _yuan(sum(r.total_cost_fen for r in rows)),
        _yuan(sum(r.villager_funds_fen for r in rows)),
        sum(r.labour_days for r in rows),
        _yuan(sum(r.donations_fen for r in rows)),
        _yuan(sum(r.subsidy_fen for r in rows)),
        "",
        sum(r.households for r in rows),
    ]


def _csv_cells(n: int, row: AwardRow) -> list[object]:
    """Money as exact yuan, as the XLSX shows it."""
    cells = zip(columns(), _cells(n, row), strict=True)
    return [_yuan(v) if c.kind == "money" and isinstance(v, int) else v for c, v in cells]


def csv_bytes(rows: Sequence[AwardRow]) -> bytes:
    """A subtotal per township (``core.exports``: UTF-8 with a BOM, every cell defused)."""
    lines: list[list[object]] = []
    n = 0
    for township, items in townships(rows):
        for row in items:
            n += 1
            lines.append([township, *map(_text, _csv_cells(n, row))])
        lines.append([township, *map(_text, _totals(_("小计"), items))])
    lines.append(["", *map(_text, _totals(_("合计"), rows))])
    return table_csv([_("街道/镇"), *headers()], lines)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


PUBLIC_FIELDS = (
    "township",
    "title",
    "village",
    "category",
    "total_cost_fen",
    "villager_funds_fen",
    "labour_days",
    "donations_fen",
    "subsidy_fen",
    "votes",
    "households",
)


def json_bytes(title: str, rows: Sequence[AwardRow]) -> bytes:
    items = [{k: v for k, v in asdict(r).items() if k in PUBLIC_FIELDS} for r in rows]
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
                disbursed_on=award.disbursed_on,
                project_no=project_number(p.process_id, p.id),
                village_code=p.area.code,
                village_id=p.area_id,
                proposal_id=p.id,
                award_id=award.id,
            )
        )
    return rows


def award_file(title: str, rows: list[AwardRow], kind: str, *, filename: str) -> Response:
    """The public list; `filename` without its extension (Chinese is fine: RFC 5987)."""
    if kind == "xlsx":
        body = xlsx(title, rows)
    elif kind == "csv":
        body = csv_bytes(rows)
    else:
        body = json_bytes(title, rows)
    return download(body, f"{filename}.{kind}")
