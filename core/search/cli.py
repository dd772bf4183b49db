"""``yishi search reindex``: rebuild the whole index from what the packages hold now.

For after a restore, an import that bypassed the services, or a change of the segmenter's
dictionary. Each kind is rebuilt in one transaction per batch; the public may search
throughout (a row is replaced, never missing).
"""

from __future__ import annotations

import asyncio
import time

import click

from core.i18n import command_text as _


@click.group(help="全文搜索：重建索引")
def search() -> None:
    pass


@search.command(help="按各模块当前数据重建搜索索引。")
def reindex() -> None:
    asyncio.run(_reindex())


async def _reindex() -> None:
    from tortoise import Tortoise

    from core.db import tortoise_config
    from core.search import rebuild

    await Tortoise.init(config=tortoise_config())
    try:
        started = time.perf_counter()
        for kind, count in (await rebuild.rebuild_all()).items():
            click.echo(f"{kind}: {count}")
        seconds = time.perf_counter() - started
        click.echo(_("搜索索引已重建（{s:.1f} 秒）。").format(s=seconds))
    finally:
        await Tortoise.close_connections()
