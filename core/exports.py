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
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from starlette.responses import Response

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
