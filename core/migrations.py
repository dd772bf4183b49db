"""Schema migrations through Tortoise's built-in migration system (``migrations/``)."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.writer import MigrationWriter

from core import generations, installers
from core.db import tortoise_config
from core.pagecache import triggers

installers.beside_migrations("page cache", triggers.install)
installers.beside_migrations("write generations", generations.install)


async def apply(database_url: str | None = None) -> None:
    """Bring the database up to the newest migration, then (re)install what lives beside
    the migrations (core.installers): the triggers that tell the public page cache about
    writes (core.pagecache.triggers) on every table, whichever migration made it, those
    that count writes to the groups of tables models declare (core.generations), and
    those the packages register (the dashboard's counters)."""
    config = tortoise_config(database_url)
    try:
        await migrate(config=config)
        await Tortoise.init(config=config)
        await installers.install_all(Tortoise.get_connection("default"))
    finally:
        await Tortoise.close_connections()


async def pending_changes(database_url: str | None = None) -> list[MigrationWriter]:
    """Migrations the models would need beyond those in ``migrations/`` (empty = in step)."""
    config: dict[str, Any] = tortoise_config(database_url)
    try:
        await Tortoise.init(config=config, init_connections=False)
        apps = Tortoise.apps
        assert apps is not None
        writers: list[MigrationWriter] = await MigrationAutodetector(apps, config["apps"]).changes()
        return writers
    finally:
        await Tortoise.close_connections()
