"""The tally as a background job (notify.jobs): the admin's click queues it and the worker
runs it, so a district's million ballots are never counted on a loop that serves pages."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.principal import Principal, load_principal
from notify import jobs
from notify.models import Job
from projects.models import Process
from votes.results import services

KIND = "tally"


async def queue_tally(actor: Principal, process: Process) -> Job:
    """Queue the tally of a process (refused at once if it cannot run now)."""
    refusal = await services.tally_refusal(process)
    if refusal:
        raise services.TallyRefused(refusal)
    async with in_transaction():
        job = await jobs.enqueue(
            KIND,
            f"process:{process.id}",
            _("计票：{name}").format(name=process.name),
            link=f"/processes/{process.id}/results",
            by=actor.id,
        )
        await audit.record(
            actor,
            "process.tally_queued",
            ("process", process.id),
            f"开始计票：{process.name}",
            after={"job": job.id},
        )
    return job


async def run(job: Job, progress: jobs.Progress) -> str:
    process = await Process.get_or_none(id=int(job.subject.removeprefix("process:")))
    if process is None:
        raise services.TallyRefused(_("该流程已不存在"))
    # The audit entry of the result names the admin who asked, not the worker.
    actor = await load_principal(job.requested_by_id) if job.requested_by_id else None
    snapshots = await services.tally_run(actor, process, progress.say)
    return _("计票完成：{n} 个投票箱。").format(n=len(snapshots))
