"""``yishi worker``: the notification worker (procrastinate on PostgreSQL).

procrastinate and the database are imported inside the command, so ``yishi --help`` stays
fast and never loads them.
"""

from __future__ import annotations

import asyncio

import click

from core import settings
from core.i18n import command_text as _


@click.command(help="运行通知投递进程（PostgreSQL 上的 procrastinate 工作进程，可多开）。")
@click.option("--concurrency", default=1, show_default=True, type=int)
def worker(concurrency: int) -> None:
    url = settings.DATABASE_URL
    if not url.startswith("postgres"):
        raise click.ClickException(
            _("SQLite 上的通知由网站进程自己投递（yishi serve），无需单独的工作进程。")
        )
    asyncio.run(_run(url, concurrency))


async def _run(url: str, concurrency: int) -> None:
    from core import db
    from notify import queue

    await db.open_database(url)
    try:
        await queue.apply_schema(url)
        click.echo(_("通知工作进程已启动（procrastinate，队列 notify）。"))
        await queue.run(url, concurrency=concurrency)
    finally:
        await db.close_database()


async def migrate_queue(url: str) -> bool:
    """The job queue's tables on PostgreSQL (for ``yishi migrate``); False if already there."""
    if not url.startswith("postgres"):
        return False
    from notify import queue

    return await queue.apply_schema(url)
