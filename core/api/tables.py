"""CSV downloads of the public tables (``core.exports``: UTF-8 with a BOM, money as exact
yuan, every text cell defused), open to any site like the JSON API."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from starlette.responses import Response

from core import exports
from core.api.responses import OPEN_HEADERS


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """`filename` without extension."""
    return exports.download(
        exports.csv_bytes(header, rows),
        f"{filename}.csv",
        headers={**OPEN_HEADERS, "Cache-Control": "public, max-age=60"},
    )
