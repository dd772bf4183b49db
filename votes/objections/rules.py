"""The publicity window (公示期): when objections may be filed, and when funding may follow."""

from __future__ import annotations

import datetime as dt

from core.i18n import gettext as _
from projects.models import Phase, PhaseLog, Process
from votes.rosters.eligibility import CHINA


def publicity_window(started_at: dt.datetime, days: int) -> tuple[dt.date, dt.date]:
    """First and last day of publicity, by the calendar in China. Seven days starting on the
    28th run to the 4th inclusive: the first day counts, as on the printed notice."""
    first = started_at.astimezone(CHINA).date()
    # Bounded (5-30 days) on the form; a value stored before that ends at the calendar's
    # last day rather than overflowing it (an OverflowError, a 500, on every page).
    days = min(max(days, 1), (dt.date.max - first).days + 1)
    return first, first + dt.timedelta(days=days - 1)


async def window_of(process: Process) -> tuple[dt.date, dt.date] | None:
    """The publicity window of a process that has entered publicity, else None."""
    entry = (
        await PhaseLog.filter(process=process, phase=Phase.PUBLICITY)
        .order_by("-entered_at")
        .first()
    )
    if entry is None:
        return None
    return publicity_window(entry.entered_at, process.publicity_days)


def filing_refusal(
    process: Process, window: tuple[dt.date, dt.date] | None, today: dt.date
) -> str | None:
    """Why an objection cannot be filed now, or None when it can."""
    if process.phase != Phase.PUBLICITY or window is None:
        return _("只能在公示期内提出异议")
    if today > window[1]:
        return _("公示期已于 {day} 结束").format(day=window[1].isoformat())
    return None


def funding_refusal(
    window: tuple[dt.date, dt.date] | None, open_objections: int, today: dt.date
) -> str | None:
    """Why the process cannot move from publicity to funded (立项), or None."""
    if window is not None and today <= window[1]:
        return _("公示期到 {day} 才结束，期满后才能立项").format(day=window[1].isoformat())
    if open_objections:
        return _("还有 {n} 条异议没有答复，全部答复后才能立项").format(n=open_objections)
    return None
