"""The holiday schedules admins enter (放假安排), and the deadlines counted with them.

The State Council publishes a year's schedule in November or December; an admin pastes
or uploads it as lines ``2027-01-01,休`` / ``2027-02-20,班`` (a date, then 休 for a
holiday or 班 for a 调休 working day, optionally a note), and it takes precedence over the
calendar package for that year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from core import settings
from core.i18n import gettext as _
from core.refusals import Refused
from letters import deadlines
from letters.models import LetterKind, ScheduleDay, ScheduleYear

HOLIDAY_WORDS = {"休", "假", "holiday", "off", "0"}
WORKDAY_WORDS = {"班", "上班", "workday", "work", "1"}
_SPLIT = re.compile(r"[,，\t ]+")


@dataclass(frozen=True)
class ListedDay:
    day: dt.date
    is_workday: bool
    note: str = ""


def parse_schedule(year: int, text: str) -> list[ListedDay]:
    """Lines of ``date,休|班[,note]``; every problem refused with its line number."""
    found: dict[dt.date, ListedDay] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or line.lower().startswith(("date", "日期")):
            continue
        parts = _SPLIT.split(line, maxsplit=2)
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            raise Refused(_("第 {n} 行：日期应写作 2027-01-01").format(n=number), "days") from None
        if day.year != year:
            raise Refused(_("第 {n} 行：日期不在 {year} 年").format(n=number, year=year), "days")
        word = parts[1].lower() if len(parts) > 1 else ""
        if word not in HOLIDAY_WORDS | WORKDAY_WORDS:
            message = _("第 {n} 行：请写“休”（放假）或“班”（调休上班）")
            raise Refused(message.format(n=number), "days")
        if day in found:
            raise Refused(_("第 {n} 行：{day} 重复").format(n=number, day=day), "days")
        note = parts[2].strip()[:40] if len(parts) > 2 else ""
        found[day] = ListedDay(day, word in WORKDAY_WORDS, note)
    if not found:
        raise Refused(_("请至少填写一天的放假或调休安排"), "days")
    return sorted(found.values(), key=lambda d: d.day)


def schedule_text(days: list[ScheduleDay]) -> str:
    """An entered year as the lines it was entered with, for editing."""
    lines = []
    for d in days:
        word = "班" if d.is_workday else "休"
        lines.append(f"{d.day.isoformat()},{word}" + (f",{d.note}" if d.note else ""))
    return "\n".join(lines)


def days_of(year: int) -> QuerySet[ScheduleDay]:
    """The listed days of one year (a date range: SQLite has no year lookup)."""
    return ScheduleDay.filter(day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31))


async def load_schedule() -> deadlines.Schedule:
    years = [y.year for y in await ScheduleYear.all()]
    days = {d.day: d.is_workday for d in await ScheduleDay.all()}
    return deadlines.Schedule(frozenset(years), days)


def reply_days(kind: LetterKind) -> int:
    """``YISHI_LETTER_REPLY_DAYS_BY_KIND`` (``consult=10,complain=15``), else the default."""
    for item in settings.LETTER_REPLY_DAYS_BY_KIND.split(","):
        name, _sep, days = item.partition("=")
        if name.strip() == kind.value and days.strip().isdigit():
            return int(days)
    return settings.LETTER_REPLY_DAYS


@dataclass(frozen=True)
class Dues:
    accept: dt.date
    reply: dt.date
    provisional: bool


def dues_from(start: dt.date, kind: LetterKind, schedule: deadlines.Schedule) -> Dues:
    """Both deadlines of a letter received (or transferred) on ``start``."""
    accept = deadlines.add_working_days(start, settings.LETTER_ACCEPT_DAYS, schedule)
    reply = deadlines.add_working_days(start, reply_days(kind), schedule)
    return Dues(accept.day, reply.day, accept.provisional or reply.provisional)
