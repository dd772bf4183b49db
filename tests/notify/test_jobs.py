"""One-off background jobs: queued once per subject, run by the worker with progress,
failures told in words, a job whose worker died run again, and its page only for the
person who asked (and admins). On PostgreSQL a committed job wakes ``yishi worker``."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import httpx
import pytest
from queue_support import clear_deferred, deferred
from support import login, make_user
from tortoise.transactions import in_transaction

from core import clock
from core.models import Role
from core.refusals import Refused
from notify import jobs, queue
from notify.models import Job, JobState
from notify.worker import InAppWorker

SEEN: list[str] = []


async def _counts(job: Job, progress: jobs.Progress) -> str:
    await progress.say("第 1 步，共 2 步")
    SEEN.append((await Job.get(id=job.id)).progress)  # said while it runs, not after
    return "完成：2 步"


async def _refuses(job: Job, progress: jobs.Progress) -> str:
    raise Refused("流程已进入下一阶段")


async def _breaks(job: Job, progress: jobs.Progress) -> str:
    raise KeyError("secret_internal_name")


@pytest.fixture(autouse=True)
def _handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    SEEN.clear()
    for kind, handler in (("counts", _counts), ("refuses", _refuses), ("breaks", _breaks)):
        monkeypatch.setitem(jobs.HANDLERS, kind, handler)


async def test_a_job_is_queued_once_and_run_with_its_progress(database: str) -> None:
    first = await jobs.enqueue("counts", "process:1", "计票：测试")
    again = await jobs.enqueue("counts", "process:1", "计票：测试")
    other = await jobs.enqueue("counts", "process:2", "计票：另一个")
    assert again.id == first.id and other.id != first.id
    await InAppWorker(poll_seconds=1).once()  # the embedded default's worker runs them
    done = await Job.get(id=first.id)
    assert (done.state, done.outcome, done.progress) == (
        JobState.DONE,
        "完成：2 步",
        "第 1 步，共 2 步",
    )
    assert SEEN == ["第 1 步，共 2 步", "第 1 步，共 2 步"]
    assert done.finished_at is not None and done.lease_until is None
    assert await jobs.run_queued() == 0  # nothing left
    anew = await jobs.enqueue("counts", "process:1", "计票：测试")  # the first is done
    assert anew.id != first.id and await jobs.run_queued() == 1


async def test_failures_are_told_in_words_without_internals(database: str) -> None:
    refused = await jobs.enqueue("refuses", "process:1", "计票")
    broken = await jobs.enqueue("breaks", "process:1", "计票")
    assert await jobs.run_queued() == 2
    refused, broken = await Job.get(id=refused.id), await Job.get(id=broken.id)
    assert (refused.state, refused.outcome) == (JobState.FAILED, "流程已进入下一阶段")
    assert broken.state == JobState.FAILED
    assert "出错了" in broken.outcome and "secret_internal_name" not in broken.outcome


async def test_a_job_whose_worker_died_runs_again_after_its_lease(database: str) -> None:
    job = await jobs.enqueue("counts", "process:1", "计票")
    now = clock.now().astimezone(clock.CHINA)
    await Job.filter(id=job.id).update(
        state=JobState.RUNNING, lease_until=now + dt.timedelta(minutes=5)
    )
    assert await jobs.run_queued() == 0  # its worker may still be on it
    await Job.filter(id=job.id).update(lease_until=now - dt.timedelta(seconds=1))
    assert await jobs.run_queued() == 1
    assert (await Job.get(id=job.id)).state == JobState.DONE


async def test_the_job_page_is_for_who_asked_and_admins(
    client: httpx.AsyncClient, areas: dict[str, object]
) -> None:
    asker = await make_user("13800000011", Role.OFFICIAL)
    await make_user("13800000012", Role.OFFICIAL)
    await make_user("13800000013", Role.ADMIN)
    job = await jobs.enqueue(
        "counts", "process:1", "计票：东村", link="/processes/1/results", by=asker.id
    )
    await login(client, "13800000012")
    assert (await client.get(f"/admin/jobs/{job.id}")).status_code == 404
    await login(client, "13800000011")
    queued = await client.get(f"/admin/jobs/{job.id}")
    assert "排队中" in queued.text and 'hx-trigger="every 2s"' in queued.text
    await jobs.run_queued()
    fragment = await client.get(f"/admin/jobs/{job.id}", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "已完成" in fragment.text
    assert "every 2s" not in fragment.text and "/processes/1/results" in fragment.text
    await login(client, "13800000013")
    assert (await client.get(f"/admin/jobs/{job.id}")).status_code == 200


@pytest.mark.postgres_only
async def test_a_committed_job_wakes_the_worker_and_a_rolled_back_one_does_not(
    database: str,
) -> None:
    await queue.apply_schema(database)
    app = queue.build_app(database)
    assert {"jobs.run", "jobs.sweep"} <= set(app.tasks)
    async with app.open_async():
        await clear_deferred(database)
        listener = asyncio.create_task(queue.wake_on_commit(app, database))
        try:
            await asyncio.sleep(0.5)  # LISTEN is in place
            with contextlib.suppress(RuntimeError):
                async with in_transaction():
                    await jobs.enqueue("counts", "process:99", "计票")
                    raise RuntimeError("the action failed")
            await asyncio.sleep(0.5)
            assert await deferred(database, "jobs.run") == 0
            assert not await Job.filter(subject="process:99").exists()
            async with in_transaction():
                job = await jobs.enqueue("counts", "process:99", "计票")
            for _tick in range(100):
                if await deferred(database, "jobs.run"):
                    break
                await asyncio.sleep(0.05)
            assert await deferred(database, "jobs.run") == 1
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
        await app.run_worker_async(queues=[queue.QUEUE], wait=False)
    assert (await Job.get(id=job.id)).state == JobState.DONE
