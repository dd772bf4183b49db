"""The PostgreSQL job queue: procrastinate's schema is applied once (again: a no-op), and
the worker's app carries the delivery task, the sweep and every periodic job."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from queue_support import clear_deferred, deferred
from tortoise.transactions import in_transaction

from core import clock
from core.models import Area, Role, User
from notify import periodic, queue
from notify.kinds import Kind
from notify.services import Note, notify

NOTE = Note(Kind.VOTE_OPENED, "投票开始了", "请投票", "/processes/1/vote")


async def _nothing(moment: dt.datetime) -> None:
    pass


@pytest.mark.postgres_only
async def test_the_queue_schema_is_applied_once_and_the_tasks_are_there(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await queue.apply_schema(database)  # the first time, or already there: either is fine
    assert await queue.schema_applied(database)
    assert await queue.apply_schema(database) is False  # `yishi migrate` run again
    monkeypatch.setitem(
        periodic.JOBS, "digest", periodic.Periodic("digest", "30 8 * * *", _nothing)
    )
    app = queue.build_app(database)
    assert {"notify.deliver", "notify.sweep", "periodic.digest"} <= set(app.tasks)
    assert app.tasks["notify.deliver"].queueing_lock == "notify.deliver"


@pytest.mark.postgres_only
async def test_a_committed_event_wakes_a_worker_and_a_rolled_back_one_does_not(
    database: str, areas: dict[str, Area], tmp_path: Path
) -> None:
    from support import make_user

    await queue.apply_schema(database)
    person = await make_user("13900000501", Role.RESIDENT, home=areas["370104013201"])
    await User.filter(id=person.id).update(mobile_verified_at=clock.now())
    app = queue.build_app(database)
    async with app.open_async():
        await clear_deferred(database)
        listener = asyncio.create_task(queue.wake_on_commit(app, database))
        try:
            await asyncio.sleep(0.5)  # LISTEN is in place
            with contextlib.suppress(RuntimeError):
                async with in_transaction():
                    await notify([person.id], NOTE)
                    raise RuntimeError("the event failed")
            await asyncio.sleep(0.5)
            assert await deferred(database, "notify.deliver") == 0
            async with in_transaction():
                await notify([person.id], NOTE)
            for _tick in range(100):
                if await deferred(database, "notify.deliver"):
                    break
                await asyncio.sleep(0.05)
            assert await deferred(database, "notify.deliver") == 1
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
        await app.run_worker_async(queues=[queue.QUEUE], wait=False)
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["to"] for line in lines] == ["13900000501"]
