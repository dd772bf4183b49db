"""The PostgreSQL job queue: procrastinate's schema is applied once (again: a no-op), and
the worker's app carries the delivery task, the sweep and every periodic job."""

from __future__ import annotations

import datetime as dt

import pytest

from notify import periodic, queue


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
