"""One clock for the whole product.

Dates that people see or rules count (a voter's age, a publicity window, a deadline, "today")
are China's calendar dates: UTC+8 all year, whatever the server's own time zone says.
Stored instants are UTC (`now`); pages show them in China time (`core.formatting`).
"""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def now() -> dt.datetime:
    """This instant, timezone-aware (UTC), for stored timestamps."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The date in China: a voter comes of age, and a window opens, by the local calendar."""
    return dt.datetime.now(CHINA).date()


def china_date(moment: dt.datetime) -> dt.date:
    """The calendar day in China of a stored instant."""
    return moment.astimezone(CHINA).date()
