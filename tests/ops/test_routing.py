"""The replica router, in process: which connection each kind of query is given.

The replica here is a second pool on the suite's own database (SQLite or PostgreSQL): what
is under test is the choice, which test_replica.py then proves against a real standby.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from tortoise.connection import get_connection, get_connections
from tortoise.transactions import in_transaction

from app.factory import create_app
from core import db
from core.models import Area
from core.replica import PRIMARY, REPLICA, is_public_read, reads_from_replica


@pytest_asyncio.fixture
async def with_replica(clean_db: str) -> AsyncIterator[None]:
    db.add_replica(clean_db)
    try:
        yield
    finally:
        await db.remove_replica()
    assert REPLICA not in get_connections()._get_storage()


async def test_public_reads_go_to_the_replica_and_nothing_else_does(with_replica: None) -> None:
    primary, replica = get_connection(PRIMARY), get_connection(REPLICA)
    assert replica is not primary
    assert Area._choose_db() is primary  # outside a request
    with reads_from_replica(False):
        assert Area._choose_db() is primary  # a page that is not public
    with reads_from_replica(True):
        assert Area._choose_db() is replica
        assert Area.filter(name="x")._choose_db() is replica
        # A transaction reads what it wrote: on its own connection, never the replica.
        async with in_transaction() as transaction:  # still works unnamed, beside a replica
            assert Area._choose_db() is transaction
            await Area.all().count()
        assert Area._choose_db() is replica
        await Area.filter(id=-1).update(name="x")  # a write goes to the primary...
        assert Area._choose_db() is primary  # ...and this request then reads its writes
    with reads_from_replica(True):
        assert Area._choose_db(for_write=True) is primary
    with reads_from_replica(True):
        assert await Area.all().count() == 0  # the replica pool answers


async def test_without_a_replica_everything_reads_from_the_primary(clean_db: str) -> None:
    with reads_from_replica(True) as reads:
        assert not reads.replica
        assert Area._choose_db() is get_connection(PRIMARY)


def _public(method: str, path: str, signed_in: bool) -> bool:
    """Asks the real route table, as the middleware does for a request."""
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    return is_public_read(create_app(manage_database=False).router.routes, scope, signed_in)


def test_only_anonymous_gets_of_public_pages_are_routed() -> None:
    for path in (
        "/",
        "/processes",
        "/processes/3",
        "/processes/3/results",
        "/processes/3/awards",
        "/processes/3/awards.xlsx",
        "/proposals/9",
        "/consult/topics/2/summary",
        "/api/v1/processes",
        "/processes.csv",
        "/processes/3/progress",
        "/processes/3/objections",
        "/processes/3/boxes/2/ballots.pb",
        "/consult",
        "/consult/topics/2/export/opinions.csv",
        "/open-data",
        "/api/v1/openapi.json",
    ):
        assert _public("GET", path, signed_in=False), path
        assert _public("HEAD", path, signed_in=False), path
        assert not _public("GET", path, signed_in=True), path
        assert not _public("POST", path, signed_in=False), path
    for path in (
        "/admin/processes",
        "/desk/proposals",
        "/finance",
        "/vote/1",
        "/receipts",
        "/processes/3/vote",
        "/processes/3/propose",
        "/login",
        "/me",
        "/healthz",
        "/processes/3/results/x",
        "/proposals/9/edit",
        "/verify",
        "/consult/documents/4",
        "/objections/5/file",
        "/desk/objections",
        "/processes/3/questionnaire",
    ):
        assert not _public("GET", path, signed_in=False), path


def test_the_replica_gives_up_connecting_after_a_few_seconds() -> None:
    """A replica host that drops packets must not hold a public page for asyncpg's 60 s."""
    from core.db import REPLICA_CONNECT_TIMEOUT, replica_config

    config = replica_config("postgres://yishi@10.0.0.9:5432/yishi")
    assert isinstance(config, dict)
    assert config["credentials"]["timeout"] == REPLICA_CONNECT_TIMEOUT <= 10
    assert replica_config("sqlite://:memory:") == "sqlite://:memory:"
