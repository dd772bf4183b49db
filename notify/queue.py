"""The PostgreSQL job queue (procrastinate) the notification workers run on.

Imported only by ``yishi worker`` and ``yishi migrate`` (procrastinate is not loaded by the
web app). The tasks:

* ``notify.deliver`` — one delivery round; deferred with a queueing lock, so however many
  events wake it at once, one round waits. ``notify()`` sends ``pg_notify('yishi_outbox')``
  inside the event's transaction: PostgreSQL delivers it only at commit, and each worker's
  listener then defers the round, so a message goes out within seconds of its event.
* ``notify.sweep`` — the same round every minute, so nothing is lost if a wake-up is.
* ``jobs.run`` — the queued one-off jobs (notify.jobs: a tally), deferred when a staff
  action's commit sends ``pg_notify('yishi_jobs')``, with a queueing lock; ``jobs.sweep``
  runs them every minute too, and picks up a job whose worker died.
* ``periodic.<name>`` — each job of ``notify.periodic.JOBS``, a procrastinate periodic task
  that runs the job when its cron (in China time) names the minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued

from core import clock
from notify import delivery, jobs, periodic, worker

log = logging.getLogger(__name__)

QUEUE = "notify"
WAKE_CHANNEL = "yishi_outbox"


def conninfo(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


def build_app(database_url: str) -> procrastinate.App:
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url))
    )

    @app.task(name="notify.deliver", queue=QUEUE, queueing_lock="notify.deliver")
    async def deliver() -> None:
        await delivery.run_round()

    @app.periodic(cron="* * * * *", periodic_id="sweep")
    @app.task(name="notify.sweep", queue=QUEUE)
    async def sweep(timestamp: int) -> None:
        await delivery.run_round()

    @app.task(name="jobs.run", queue=QUEUE, queueing_lock="jobs.run")
    async def run_jobs() -> None:
        await jobs.run_queued()

    @app.periodic(cron="* * * * *", periodic_id="jobs-sweep")
    @app.task(name="jobs.sweep", queue=QUEUE)
    async def sweep_jobs(timestamp: int) -> None:
        await jobs.run_queued()

    for job in list(periodic.JOBS.values()):
        _register(app, job)
    return app


def _register(app: procrastinate.App, job: periodic.Periodic) -> None:
    async def run(timestamp: int) -> None:
        await worker.run_periodic(job, dt.datetime.fromtimestamp(timestamp, clock.CHINA))

    task = app.task(name=f"periodic.{job.name}", queue=QUEUE)(run)
    app.periodic(cron="* * * * *", periodic_id=job.name)(task)


async def schema_applied(database_url: str) -> bool:
    async with await psycopg.AsyncConnection.connect(conninfo(database_url)) as conn:
        row = await (await conn.execute("SELECT to_regclass('procrastinate_jobs')")).fetchone()
        return row is not None and row[0] is not None


async def apply_schema(database_url: str) -> bool:
    """Create procrastinate's tables once; True if it did (running it again is harmless)."""
    if await schema_applied(database_url):
        return False
    app = build_app(database_url)
    async with app.open_async():
        await app.schema_manager.apply_schema_async()
    return True


async def wake_on_commit(app: procrastinate.App, database_url: str) -> None:
    """Defer a delivery round each time a committed event said there is mail, and a jobs
    run each time a staff action queued a job."""
    task_of = {WAKE_CHANNEL: app.tasks["notify.deliver"], jobs.WAKE_CHANNEL: app.tasks["jobs.run"]}
    async with await psycopg.AsyncConnection.connect(
        conninfo(database_url), autocommit=True
    ) as conn:
        for channel in task_of:
            await conn.execute(f"LISTEN {channel}")
        async for note in conn.notifies():
            with contextlib.suppress(AlreadyEnqueued):
                await task_of[note.channel].defer_async()


async def run(database_url: str, *, concurrency: int = 1) -> None:
    app = build_app(database_url)
    async with app.open_async():
        listener = asyncio.create_task(wake_on_commit(app, database_url))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
