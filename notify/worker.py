"""The worker's clock: the delivery round, queued one-off jobs (notify.jobs) and the
periodic jobs due at a minute.

On PostgreSQL ``yishi worker`` runs these as procrastinate tasks (``notify.queue``); on the
embedded SQLite default ``InAppWorker`` runs the same functions inside the app's own event
loop, so the demo needs no second process.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from croniter import croniter

from core import clock, settings
from notify import delivery, jobs, periodic

log = logging.getLogger(__name__)


def china_minute(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(clock.CHINA).replace(second=0, microsecond=0)


def is_due(job: periodic.Periodic, moment: dt.datetime) -> bool:
    """Does ``job``'s cron (China time) name the minute of ``moment``?"""
    return bool(croniter.match(job.cron, china_minute(moment).replace(tzinfo=None)))


async def run_periodic(job: periodic.Periodic, moment: dt.datetime) -> None:
    if is_due(job, moment):
        await job.run(china_minute(moment))


async def run_due_jobs(moment: dt.datetime) -> None:
    for job in list(periodic.JOBS.values()):
        try:
            await run_periodic(job, moment)
        except Exception:  # one broken job must not stop the others, nor the deliveries
            log.exception("periodic job %s failed", job.name)


class InAppWorker:
    """Delivery rounds and queued one-off jobs every ``WORKER_POLL_SECONDS``, and the
    periodic jobs once a minute."""

    def __init__(self, poll_seconds: float | None = None) -> None:
        self.poll = poll_seconds if poll_seconds is not None else settings.WORKER_POLL_SECONDS
        self.task: asyncio.Task[None] | None = None
        self.last_minute: dt.datetime | None = None

    def start(self) -> None:
        if self.poll > 0 and self.task is None:
            self.task = asyncio.create_task(self.loop(), name="yishi-notify-worker")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def loop(self) -> None:
        while True:
            await self.once()
            await asyncio.sleep(self.poll)

    async def once(self) -> None:
        try:
            await delivery.run_round()
            await jobs.run_queued()
            minute = china_minute(clock.now())
            if minute != self.last_minute:
                self.last_minute = minute
                await run_due_jobs(minute)
        except Exception:  # keep the loop alive: a database hiccup heals on the next round
            log.exception("notify worker round failed")
