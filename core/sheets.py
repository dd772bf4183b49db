"""Tables people download: CSV (UTF-8 with BOM, so Excel opens the Chinese right) and XLSX.

Every text cell is defused first: text that Excel would run as a formula (CSV injection)
gets a leading quote, and control characters a sheet cannot hold are dropped.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(frame: pd.DataFrame) -> bytes:
    # CRLF rows (RFC 4180): a cell holding a bare "\r" is then quoted, not left to start a new
    # row in Excel, where "x\r=HYPERLINK(…)" would put a live formula at the start of a line.
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in sheets.items():
            frame.to_excel(writer, sheet_name=title[:31], index=False)
            sheet = writer.sheets[title[:31]]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                letter = sheet.cell(row=1, column=i).column_letter
                sheet.column_dimensions[letter].width = min(60, max(8, longest * 2))
    return buffer.getvalue()
