"""``yishi dashboard rebuild``: recount the dashboard's kept figures from scratch."""

from __future__ import annotations

import asyncio
import time

import click

from core import db
from core.i18n import command_text as _
from insight.services import dashboard_rebuild

dashboard = click.Group("dashboard", help="数据看板：由原始数据重算统计")


async def _rebuild() -> int:
    await db.open_database()
    try:
        return await dashboard_rebuild()
    finally:
        await db.close_database()


@dashboard.command("rebuild", help="由原始数据重算数据看板的全部统计（含投票率）。")
def rebuild() -> None:
    started = time.perf_counter()
    count = asyncio.run(_rebuild())
    seconds = time.perf_counter() - started
    click.echo(_("已重算数据看板：{n} 项，用时 {s:.1f} 秒。").format(n=count, s=seconds))
