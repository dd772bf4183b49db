"""The publicity window (公示期) of a process: the days after the tally during which the award
list hangs on village boards and objections may be filed."""

from __future__ import annotations

import datetime as dt

from core.clock import china_date
from projects.models import Phase, PhaseLog, Process


def publicity_window(started_at: dt.datetime, days: int) -> tuple[dt.date, dt.date]:
    """First and last day of publicity, by the calendar in China. Seven days starting on the
    28th run to the 4th inclusive: the first day counts, as on the printed notice."""
    first = china_date(started_at)
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
