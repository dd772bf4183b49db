"""CSV downloads of the public tables, made the way the award list's CSV is made
(votes/results/exports.py): UTF-8 with a BOM so Excel opens the Chinese right, money as
yuan with two decimals computed from integer fen, and text that Excel would run as a
formula (CSV injection: a proposal title is anyone's text) defused with a leading quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from starlette.responses import Response

from core import sheets
from core.api.responses import OPEN_HEADERS

MEDIA = "text/csv; charset=utf-8"
CENT = Decimal("0.01")


def yuan(fen: int | None) -> Decimal | None:
    """12345 → Decimal("123.45"): exact, never float."""
    return None if fen is None else (Decimal(fen) / 100).quantize(CENT)


def defuse(value: object) -> object:
    """`core.sheets.defuse`, with an empty cell for None."""
    return "" if value is None else sheets.defuse(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF rows: a bare "\r" inside a cell is quoted
    writer.writerow(header)
    writer.writerows([defuse(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """`filename` without extension, ASCII (it also names the file for old browsers)."""
    disposition = f'attachment; filename="{filename}.csv"'
    return Response(
        csv_bytes(header, rows),
        media_type=MEDIA,
        headers={
            **OPEN_HEADERS,
            "Content-Disposition": disposition,
            "Cache-Control": "public, max-age=60",
        },
    )
