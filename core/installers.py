"""Database objects that live beside the migrations (triggers and their counters), put back
after every ``yishi migrate``.

A migration that alters a table may rebuild it (SQLite does, for most changes), and a
rebuilt table has lost its triggers. So the owners of such objects register an idempotent
installer here, beside their models, and ``core.migrations.apply`` runs every installer
after the migrations, whichever migration last touched the tables.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.backends.base.client import BaseDBAsyncClient

Installer = Callable[[BaseDBAsyncClient], Awaitable[None]]
INSTALLERS: dict[str, Installer] = {}


def beside_migrations(name: str, installer: Installer) -> None:
    """Register (or replace) the installer of one kind of object, by name."""
    INSTALLERS[name] = installer


async def install_all(client: BaseDBAsyncClient) -> None:
    for name in sorted(INSTALLERS):
        await INSTALLERS[name](client)
