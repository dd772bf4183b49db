"""Work that runs on a clock (reminders before a vote closes, officials' daily digest).

Higher layers register their jobs here (wired in ``app.wiring``); the notify worker runs
them — on procrastinate's periodic tasks on PostgreSQL, in the app's own loop on SQLite.
A job must be safe to run twice for the same moment (use ``notify``'s ``dedupe_key``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Job = Callable[[dt.datetime], Awaitable[object]]


@dataclass(frozen=True)
class Periodic:
    name: str
    cron: str  # five-field cron in China time, e.g. "*/10 * * * *" or "30 8 * * *"
    run: Job  # called with the moment (China time) it is run for


JOBS: dict[str, Periodic] = {}


def every(name: str, cron: str, run: Job) -> None:
    """Register (or replace: installing twice is harmless) a job by name."""
    JOBS[name] = Periodic(name, cron, run)
