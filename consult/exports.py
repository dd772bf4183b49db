"""Exports of a topic's opinions and questionnaire responses: XLSX and CSV (UTF-8 with BOM,
so Excel opens the Chinese right). Pure functions over rows the queries prepared.

The public export is anonymised: the columns that name a person are dropped, and hidden
comments were never in its rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.i18n import gettext as _

PERSONAL = ("name", "mobile")
STAFF_ONLY = ("visibility", "reports")
# Cells Excel would run as a formula (CSV injection); such text gets a leading quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def opinion_columns() -> dict[str, str]:
    return {
        "id": _("编号"), "kind": _("类型"), "reply_to": _("回复编号"), "created": _("发表时间"),
        "name": _("姓名"), "mobile": _("手机号"), "place": _("村/社区"), "stance": _("立场"),
        "body": _("内容"), "supports": _("支持数"), "adoption": _("采纳情况"),
        "reason": _("反馈理由"), "visibility": _("状态"), "reports": _("举报数"),
    }


def response_columns(prompts: Sequence[str]) -> dict[str, str]:
    fixed = {"id": _("答卷编号"), "created": _("提交时间"), "name": _("姓名"),
             "mobile": _("手机号"), "place": _("村/社区")}
    questions = {f"q{i}": f"{i}. {prompt}" for i, prompt in enumerate(prompts, start=1)}
    return {**fixed, **questions}


def _defuse(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters a sheet cannot hold
    return "'" + value if value.startswith(FORMULA_START) else value


def frame(rows: Sequence[dict[str, Any]], columns: dict[str, str], *, public: bool
          ) -> pd.DataFrame:
    """Rows keyed by field → a table with the column titles; personal columns only for staff."""
    keep = [k for k in columns if not (public and (k in PERSONAL or k in STAFF_ONLY))]
    table = pd.DataFrame([{k: _defuse(row.get(k, "")) for k in keep} for row in rows],
                         columns=keep)
    return table.rename(columns={k: columns[k] for k in keep})


def to_csv(table: pd.DataFrame) -> bytes:
    # CRLF rows (RFC 4180): a cell holding a bare "\r" is then quoted, not left to start a new
    # row in Excel, where "x\r=HYPERLINK(…)" would put a live formula at the start of a line.
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, table in sheets.items():
            table.to_excel(writer, sheet_name=title[:31], index=False)
            sheet = writer.sheets[title[:31]]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(table.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in table[column])])
                letter = sheet.cell(row=1, column=i).column_letter
                sheet.column_dimensions[letter].width = min(60, max(8, longest * 2))
    return buffer.getvalue()
