"""Tortoise ORM configuration and lifecycle.

One Tortoise app (``yishi``) spans every domain package, so the whole schema lives in one
migration history under the top-level ``migrations/`` package.
"""

from __future__ import annotations

import contextlib
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connections
from tortoise.exceptions import ConfigurationError

from core import replica, settings
from core.pagecache import generation
from core.replica import REPLICA

# A package joins this list when its issue gives it tables.
MODEL_MODULES = [
    "core.models",
    "core.accounts.models",
    "notify.models",
    "residents.models",
    "projects.models",
    "comments.models",
    "consult.models",
    "letters.models",
    "votes.models",
    "votes.sealing.models",
    "accountability.objections.models",
    "accountability.implementation.models",
    "accountability.ratings.models",
    "accountability.payees.models",
    "assist.models",
    "core.search.models",
    "insight.models",
]


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url or settings.DATABASE_URL)},
        "apps": {
            "yishi": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "Asia/Shanghai",
    }


def connection_config(url: str) -> str | dict[str, Any]:
    """The URL as Tortoise takes it; for PostgreSQL, with the pool's release made cheaper."""
    config = expand_db_url(url)
    if config["engine"] != "tortoise.backends.asyncpg":
        return url
    config["credentials"]["reset"] = _release_as_is
    return config


# A replica host that drops packets (rather than refusing) would otherwise hold the first
# public page for asyncpg's default 60 s before the fallback to the primary.
REPLICA_CONNECT_TIMEOUT = 5.0


def replica_config(url: str) -> str | dict[str, Any]:
    config = connection_config(url)
    if isinstance(config, dict):
        config["credentials"]["timeout"] = REPLICA_CONNECT_TIMEOUT
    return config


async def _release_as_is(connection: asyncpg.Connection) -> None:
    """Release a pooled connection without asyncpg's reset query.

    By default every release sends ``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL``: one more round trip for every query run outside a transaction (most of a
    page's). Yishi leaves nothing on a session for it to undo: its locks are transaction
    locks (``pg_advisory_xact_lock``), its settings ``SET LOCAL``, it holds no cursor
    beyond a transaction and never listens. asyncpg still rolls back a transaction left
    open before calling this.
    """


# For Tortoise's own CLI: `tortoise -c core.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config()


async def open_database(database_url: str | None = None, replica_url: str | None = None) -> None:
    """Connect; global fallback lets request tasks see the lifespan task's context.

    A read replica (``YISHI_DATABASE_REPLICA_URL`` when the primary also comes from the
    settings) gets its own pool and the router of ``core.replica``. Migrations never come
    here: they build their own single-connection config, so they only touch the primary.
    """
    if database_url is None and replica_url is None:
        replica_url = settings.DATABASE_REPLICA_URL
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    if replica_url:
        add_replica(replica_url)


def add_replica(url: str) -> None:
    """Register the replica beside the primary, not in Tortoise's configured connections:
    with two of those, every ``in_transaction()`` without a connection name refuses to
    guess. The router finds it by name all the same (connection storage is by alias)."""
    handler = get_connections()
    handler.db_config[REPLICA] = replica_config(url)
    try:
        handler.get(REPLICA)  # builds the client (its pool opens on first use) and keeps it
    finally:
        del handler.db_config[REPLICA]
    replica.route_reads(True)


async def remove_replica() -> None:
    replica.route_reads(False)
    with contextlib.suppress(ConfigurationError):  # never opened: nothing to close
        client = get_connections().discard(REPLICA)
        if client is not None:
            await client.close()


async def close_database() -> None:
    await generation.stop()
    await remove_replica()
    await Tortoise.close_connections()
