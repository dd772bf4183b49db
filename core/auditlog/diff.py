"""Before → after as an inspector reads it: "财政核定：¥290,000.00 → ¥300,000.00".

Values are shown in words: money fields (``*_fen``) as ¥ with thousands separators, coded
values by their registered labels, dates as dates, yes/no as 是/否. The page and both
exports use the same lines.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from core.auditlog.labels import field_label, value_label
from core.formatting import date_cn, datetime_cn, yuan
from core.i18n import gettext as _
from core.models import AuditEntry

MISSING = object()


@dataclass(frozen=True)
class Change:
    field: str  # its label
    old: str | None  # None: not recorded before (a creation)
    new: str | None  # None: not recorded after (a removal)

    def text(self) -> str:
        if self.old is None:
            return f"{self.field}：{self.new}"
        if self.new is None:
            return _("{field}：{old} → （无）").format(field=self.field, old=self.old)
        return f"{self.field}：{self.old} → {self.new}"


def _date_text(value: str) -> str | None:
    try:
        if "T" in value:
            return datetime_cn(dt.datetime.fromisoformat(value))
        return date_cn(dt.date.fromisoformat(value))
    except ValueError:
        return None


def value_text(target: str, field: str, value: Any) -> str:
    """One recorded value in words."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int) and field.endswith("_fen"):
        return yuan(value)
    if isinstance(value, list):
        return "、".join(value_text(target, field, v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        if (label := value_label(target, field, value)) is not None:
            return label
        if len(value) >= 10 and value[4] == "-" and (as_date := _date_text(value)):
            return as_date
    return str(value)


def _as_fields(recorded: Any) -> dict[str, Any] | None:
    if recorded is None:
        return None
    return recorded if isinstance(recorded, dict) else {"": recorded}


def changes(entry: AuditEntry) -> list[Change]:
    """What the entry says changed: fields whose value differs (or, for a creation or a
    record of facts, every field recorded), in the order they were recorded."""
    before, after = _as_fields(entry.before), _as_fields(entry.after)
    names = list(dict.fromkeys([*(before or {}), *(after or {})]))
    found = []
    for name in names:
        old = before.get(name, MISSING) if before is not None else MISSING
        new = after.get(name, MISSING) if after is not None else MISSING
        if old == new:
            continue
        label = field_label(name) if name else _("值")
        found.append(
            Change(
                label,
                None if old is MISSING else value_text(entry.target_type, name, old),
                None if new is MISSING else value_text(entry.target_type, name, new),
            )
        )
    return found


def changes_text(entry: AuditEntry) -> str:
    """The changes as lines, for a spreadsheet cell."""
    return "\n".join(change.text() for change in changes(entry))
