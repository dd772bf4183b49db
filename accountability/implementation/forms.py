"""The desk's three implementation forms, read and checked; messages in Chinese."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accountability.implementation.models import MilestoneKind
from accountability.implementation.rules import Reported
from core.forms import Form
from core.i18n import gettext as _

NOTE_MAX = 1000


@dataclass(frozen=True)
class SpendEntry:
    amount_fen: int
    spent_on: dt.date
    purpose: str


def read_plan(form: Form) -> tuple[dt.date, dt.date] | None:
    start = form.date("planned_start", _("计划开工"))
    finish = form.date("planned_finish", _("计划完工"))
    return (start, finish) if form.ok and start and finish else None


def read_milestone(form: Form) -> tuple[Reported, str] | None:
    kind = form.choice("kind", _("节点"), MilestoneKind)
    on = form.date("happened_on", _("日期"))
    pct = form.integer("progress_pct", _("进度"), minimum=0, maximum=100)
    note = form.text("note", _("说明"), max_length=NOTE_MAX, required=False)
    if not form.ok or kind is None or on is None:
        return None
    return Reported(kind=kind, happened_on=on, progress_pct=pct), note


def read_spend(form: Form) -> SpendEntry | None:
    amount = form.money("amount", _("支出金额"))
    on = form.date("spent_on", _("支出日期"))
    purpose = form.text("purpose", _("用途"), max_length=200)
    if not form.ok or on is None:
        return None
    return SpendEntry(amount_fen=amount, spent_on=on, purpose=purpose)
