"""Working days on China's official calendar (工作日), for the deadlines of letters.

Pure functions, no database. Which days are worked is decided, in this order:

1. the schedule an admin entered for that year from the State Council's notice (放假安排:
   holidays and 调休 make-up working days); a year with an entered schedule is known in
   full, its unlisted days following the week (Monday–Friday worked);
2. the ``chinese_calendar`` package, which knows the years up to its last release;
3. otherwise the plain week, and the deadline is *provisional* (暂定): the holidays of that
   year are not published yet. A deadline is never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """Admin-entered holiday schedules: the years entered, and their listed days
    (True: a working day such as a 调休 Saturday; False: a holiday)."""

    years: frozenset[int] = frozenset()
    days: Mapping[dt.date, bool] = field(default_factory=dict)


EMPTY = Schedule()


@dataclass(frozen=True)
class Due:
    """A deadline: the last working day, and whether a day counted on the way was guessed."""

    day: dt.date
    provisional: bool = False


def is_workday(day: dt.date, schedule: Schedule = EMPTY) -> tuple[bool, bool]:
    """(worked?, known?): known is False where only the plain week could answer."""
    if day.year in schedule.years:
        return schedule.days.get(day, day.weekday() < 5), True
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:  # a year the package does not know yet
        return day.weekday() < 5, False


def add_working_days(start: dt.date, n: int, schedule: Schedule = EMPTY) -> Due:
    """The n-th working day after ``start`` (the day a letter arrives does not count)."""
    day, counted, provisional = start, 0, False
    while counted < n:
        day += DAY
        worked, known = is_workday(day, schedule)
        provisional = provisional or not known
        counted += worked
    return Due(day, provisional)


def working_days_between(start: dt.date, end: dt.date, schedule: Schedule = EMPTY) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start):
    a reply on the next working day took 1."""
    count, day = 0, start
    while day < end:
        day += DAY
        count += is_workday(day, schedule)[0]
    return count
