"""Files people download, made one way everywhere: CSV (UTF-8 with a BOM, so Excel opens
the Chinese right), XLSX, money as exact yuan, and the download response itself.

Every text cell is defused first, whoever typed it (a proposal title, a village name, an
audit summary): text that Excel would run as a formula (CSV injection) gets a leading
quote, and control characters a sheet cannot hold are dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from starlette.responses import Response

from core.i18n import gettext as _

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pb": "text/plain; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CENT = Decimal("0.01")
# Excel refuses these in a sheet's name, and a name longer than 31 characters.
SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31
BOLD = Font(bold=True)


def defuse(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def yuan(fen: int | None) -> Decimal | None:
    """12345 → Decimal("123.45"): exact, never float; None stays an empty cell."""
    return None if fen is None else (Decimal(fen) / 100).quantize(CENT)


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: a township called "城东/城西" must not break the file."""
    cleaned = SHEET_TITLE_BAD.sub("_", ILLEGAL_CHARACTERS_RE.sub("", name)).strip("'")
    return cleaned[:SHEET_TITLE_MAX] or "Sheet"


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    # CRLF rows (RFC 4180, csv's default): a cell holding a bare "\r" is then quoted, not left
    # to start a new row in Excel, where "x\r=HYPERLINK(…)" would put a live formula first.
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([defuse(cell) for cell in header])
    writer.writerows([defuse(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_csv(frame: pd.DataFrame) -> bytes:
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False)
    return csv_bytes(list(frame.columns), rows)


def to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One sheet per table, header frozen, columns as wide as their text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            title = sheet_title(name)
            frame.map(defuse).to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                letter = sheet.cell(row=1, column=i).column_letter
                sheet.column_dimensions[letter].width = min(60, max(8, longest * 2))
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """Always a download, never rendered in our origin; the name in UTF-8 (RFC 6266 and 5987)
    with an ASCII fallback for old browsers."""
    fallback = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if not fallback.strip(". "):
        fallback = "download" + (filename[filename.rfind(".") :] if "." in filename else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(
    body: bytes,
    filename: str,
    *,
    media: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A file to save, its type from its extension unless given."""
    kind = filename.rsplit(".", 1)[-1]
    return Response(
        body,
        media_type=media or MEDIA[kind],
        headers={**(headers or {}), "Content-Disposition": content_disposition(filename)},
    )


# A ledger sheet: an XLSX finance can book from. Totals are SUM formulas (a corrected cell
# recomputes them), money is exact yuan with a ¥ format, dates are date cells, codes and
# account numbers are text (Excel would print a 19-digit number as 6.22E+18).
YUAN_FORMAT = '"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its header, what it holds, whether subtotals sum it, and the
    one-line definition written as the header's comment and on the notes sheet."""

    header: str
    kind: Literal["text", "code", "money", "count", "date"] = "text"
    summed: bool = False
    note: str = ""


def _display_width(text: str) -> int:
    """Columns are measured in Latin characters: a Chinese one takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(column: Column, value: Any) -> Any:
    if column.kind == "money":
        return yuan(value)
    if column.kind in ("text", "code"):
        return defuse("" if value is None else str(value))
    return value


def _shown(column: Column, value: Any) -> str:
    """What the cell will show, to size the column by."""
    if value is None:
        return ""
    if column.kind == "money":
        return f"¥{Decimal(value) / 100:,.2f}"
    if column.kind == "date":
        return "0000-00-00"
    return str(value)


def ledger_sheet(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]], total_label: str
) -> int:
    """Header, one row per item (money in fen), then a subtotal row of SUM formulas over the
    summed columns; returns the subtotal's row number."""
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([_cell_value(c, v) for c, v in zip(columns, row, strict=True)])
    last = sheet.max_row
    totals: list[Any] = [total_label, *([None] * (len(columns) - 1))]
    for i, column in enumerate(columns):
        if column.summed:
            letter = get_column_letter(i + 1)
            totals[i] = f"=SUM({letter}2:{letter}{last})" if rows else 0
    sheet.append(totals)
    _style_ledger(sheet, columns, rows)
    return sheet.max_row


def _style_ledger(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> None:
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        header = sheet.cell(row=1, column=i)
        header.font = BOLD
        if column.note:
            header.comment = Comment(column.note, "议事")
        for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
            if column.kind == "money":
                cell.number_format = YUAN_FORMAT
            elif column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind == "code":
                cell.number_format = "@"
        values = [r[i - 1] for r in rows]
        if column.kind == "money":  # the subtotal is the widest figure
            values.append(sum(v or 0 for v in values))
        widest = max([_display_width(column.header), *(len(_shown(column, v)) for v in values)])
        sheet.column_dimensions[letter].width = min(60, widest + 3)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"


def sheet_ref(title: str, cell: str) -> str:
    """A reference to a cell of another sheet, quoted as Excel wants ("'吴家堡街道'!I4")."""
    return "'" + title.replace("'", "''") + "'!" + cell


def notes_sheet(book: Workbook, title: str, columns: Sequence[Column]) -> None:
    """What each column means, for whoever books from the file."""
    sheet = book.create_sheet(sheet_title(title))
    sheet.append([_("列"), _("含义")])
    for column in columns:
        if column.note:
            sheet.append([column.header, column.note])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
