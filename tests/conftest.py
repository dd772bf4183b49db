"""Test fixtures: every database test runs on real SQLite and on real PostgreSQL.

The suite runs once per backend (``YISHI_TEST_BACKEND=sqlite|postgres``; ``make test`` runs
both): Tortoise binds its query builders to one database dialect per process. The
PostgreSQL pass runs only the tests that touch the database; pure tests run in the SQLite
pass. PostgreSQL comes from YISHI_TEST_POSTGRES_URL (default
postgres://root@127.0.0.1:5432/test); each run creates its own throw-away database there and
drops it afterwards. If PostgreSQL is unreachable that pass fails loudly, never skips.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise

from app.factory import create_app
from core import db, migrations
from core.models import Area

BACKEND = os.environ.get("YISHI_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("YISHI_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")


def _pg_admin_dsn() -> str:
    return PG_URL.replace("postgres://", "postgresql://", 1)


async def _create_pg_database() -> str:
    name = f"yishi_test_{secrets.token_hex(4)}"
    try:
        conn = await asyncpg.connect(_pg_admin_dsn())
    except OSError as exc:
        pytest.fail(
            f"PostgreSQL is unreachable at {PG_URL} ({exc}). Start it "
            "(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) "
            "or point YISHI_TEST_POSTGRES_URL at a server: the PostgreSQL half is never skipped."
        )
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return re.sub(r"/[^/]*$", f"/{name}", PG_URL)


async def _drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_pg_admin_dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def fresh_database_url(backend: str, tmp_dir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite://{tmp_dir / f'{secrets.token_hex(4)}.sqlite3'}"
    return await _create_pg_database()


async def drop_database_url(url: str) -> None:
    if url.startswith("postgres"):
        await _drop_pg_database(url)


def pytest_report_header() -> str:
    return f"yishi database backend: {BACKEND}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "sqlite":
        keep = [item for item in items if not item.get_closest_marker("postgres_only")]
    else:
        keep = [
            item
            for item in items
            if "database" in getattr(item, "fixturenames", ())
            and not item.get_closest_marker("sqlite_only")
        ]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


@pytest_asyncio.fixture(scope="session")
async def database(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A migrated database (built by the real migrations), open for the whole session."""
    url = await fresh_database_url(BACKEND, tmp_path_factory.mktemp("db"))
    await migrations.apply(url)
    await db.open_database(url)
    yield url
    await db.close_database()
    await drop_database_url(url)


def _tables() -> list[str]:
    apps = Tortoise.apps
    assert apps is not None
    return [model._meta.db_table for model in apps.get_models_iterable()]


@pytest_asyncio.fixture
async def clean_db(database: str) -> AsyncIterator[str]:
    """The session database, emptied before the test."""
    conn = Tortoise.get_connection("default")
    tables = _tables()
    if database.startswith("postgres"):
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script("PRAGMA foreign_keys = OFF")
        # DELETE fires triggers: the dashboard's roll-up, which follows insight_figure's
        # rows, is emptied after them.
        for table in sorted(tables, key=lambda t: t == "insight_rollup"):
            await conn.execute_script(f'DELETE FROM "{table}"')
        await conn.execute_script("PRAGMA foreign_keys = ON")
    yield database


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    return create_app(manage_database=False)


@pytest_asyncio.fixture
async def client(app, clean_db: str) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(
        transport=transport, base_url="https://testserver", follow_redirects=False
    ) as http:
        yield http


@pytest_asyncio.fixture
async def areas(clean_db: str) -> dict[str, Area]:
    """The demo district's tree, keyed by code."""
    from core.demo import create_demo_areas

    return await create_demo_areas()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uploaded files go to a per-test folder, never into the project's var/."""
    from core import settings

    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")


@pytest.fixture(autouse=True)
def sms_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SMS go to the file gateway in a per-test folder: tests read codes back from it."""
    from core import settings

    path = tmp_path / "sms.jsonl"
    monkeypatch.setattr(settings, "SMS_GATEWAY", f"file:{path}")
    return path
