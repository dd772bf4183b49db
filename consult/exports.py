"""Exports of a topic's opinions and questionnaire responses: XLSX and CSV (UTF-8 with BOM,
so Excel opens the Chinese right). Pure functions over rows the queries prepared.

The public export is anonymised: the columns that name a person are dropped, and hidden
comments were never in its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from core.exports import defuse, to_csv, to_xlsx
from core.i18n import gettext as _

__all__ = ["frame", "opinion_columns", "response_columns", "to_csv", "to_xlsx"]

PERSONAL = ("name", "mobile")
STAFF_ONLY = ("visibility", "reports")


def opinion_columns() -> dict[str, str]:
    return {
        "id": _("编号"),
        "kind": _("类型"),
        "reply_to": _("回复编号"),
        "created": _("发表时间"),
        "name": _("姓名"),
        "mobile": _("手机号"),
        "place": _("村/社区"),
        "stance": _("立场"),
        "body": _("内容"),
        "supports": _("支持数"),
        "adoption": _("采纳情况"),
        "reason": _("反馈理由"),
        "visibility": _("状态"),
        "reports": _("举报数"),
    }


def response_columns(prompts: Sequence[str]) -> dict[str, str]:
    fixed = {
        "id": _("答卷编号"),
        "created": _("提交时间"),
        "name": _("姓名"),
        "mobile": _("手机号"),
        "place": _("村/社区"),
    }
    questions = {f"q{i}": f"{i}. {prompt}" for i, prompt in enumerate(prompts, start=1)}
    return {**fixed, **questions}


def frame(rows: Sequence[dict[str, Any]], columns: dict[str, str], *, public: bool) -> pd.DataFrame:
    """Rows keyed by field → a table with the column titles; personal columns only for staff."""
    keep = [k for k in columns if not (public and (k in PERSONAL or k in STAFF_ONLY))]
    table = pd.DataFrame([{k: defuse(row.get(k, "")) for k in keep} for row in rows], columns=keep)
    return table.rename(columns={k: columns[k] for k in keep})
