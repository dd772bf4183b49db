"""One-off background jobs: work a staff action asks for that must not run on the event
loop serving pages (a tally of a million ballots).

A higher layer registers a handler by kind (wired in ``app.wiring``); the action calls
``enqueue`` inside its transaction and sends the person to the job's page, which shows the
progress the handler reports. The worker runs queued jobs: ``yishi worker`` on PostgreSQL
(woken at commit by ``pg_notify('yishi_jobs')``, and swept every minute), the in-app worker
on the embedded SQLite default.

A job whose worker died is run again once its lease has run out, so a handler must be safe
to run twice (a tally is: an unchanged box answers from its snapshot).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from tortoise import connections
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.i18n import gettext as _
from core.refusals import Refused
from notify.models import Job, JobState

log = logging.getLogger(__name__)

WAKE_CHANNEL = "yishi_jobs"
# Long enough for a district's tally between two reports; each report renews it.
LEASE = dt.timedelta(minutes=10)
LIVE = (JobState.QUEUED, JobState.RUNNING)


class Progress:
    """What a handler says while it works: shown on the job's page, and renews the lease."""

    def __init__(self, job: Job) -> None:
        self.job = job

    async def say(self, text: str) -> None:
        self.job.progress = text[:200]
        await Job.filter(id=self.job.id).update(
            progress=self.job.progress, lease_until=_now() + LEASE
        )


# A handler gets the job and its progress and returns the closing line the person reads.
Handler = Callable[[Job, Progress], Awaitable[str]]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str, handler: Handler) -> None:
    """Register (or replace: wiring twice is harmless) the handler of a kind of job."""
    HANDLERS[kind] = handler


async def enqueue(
    kind: str, subject: str, title: str, *, link: str = "", by: int | None = None
) -> Job:
    """Queue a job, in the caller's transaction; the one already queued or running for the
    same kind and subject if there is one (a second click does not run it twice)."""
    live = await Job.filter(kind=kind, subject=subject, state__in=LIVE).order_by("id").first()
    if live is not None:
        return live
    job = await Job.create(kind=kind, subject=subject, title=title, link=link, requested_by_id=by)
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":  # delivered at commit: the worker wakes
        await client.execute_query(f"SELECT pg_notify('{WAKE_CHANNEL}', '')")
    return job


async def run_queued() -> int:
    """Run queued jobs (and those whose worker died) one by one; how many ran."""
    ran = 0
    while (job := await _claim()) is not None:
        await _run(job)
        ran += 1
    return ran


def _now() -> dt.datetime:
    # SQLite compares stored datetimes as text: a filter's bound carries their offset.
    return clock.now().astimezone(clock.CHINA)


async def _claim() -> Job | None:
    now = _now()
    due = Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, lease_until__lt=now)
    async with in_transaction():
        job = await Job.filter(due).order_by("id").select_for_update(skip_locked=True).first()
        if job is None:
            return None
        job.state, job.started_at, job.lease_until = JobState.RUNNING, now, now + LEASE
        await job.save(update_fields=["state", "started_at", "lease_until"])
    return job


async def _run(job: Job) -> None:
    handler = HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        outcome, state = await handler(job, Progress(job)), JobState.DONE
    except Refused as exc:
        outcome, state = exc.message, JobState.FAILED
    except Exception:  # the person sees a plain sentence; the log keeps the trace
        log.exception("job %s (%s %s) failed", job.id, job.kind, job.subject)
        outcome, state = _("出错了，未能完成。已记录，请稍后重试或联系管理员。"), JobState.FAILED
    await Job.filter(id=job.id).update(
        state=state, outcome=outcome[:500], finished_at=clock.now(), lease_until=None
    )
