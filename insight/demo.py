"""The demo's dashboard: the kept figures came with the demo's writes (triggers); turnout
is counted here for the processes whose voting the demo closed without the phase change."""

from __future__ import annotations

from insight import turnout


async def load() -> list[str]:
    await turnout.recount_all()
    return ["数据看板：/dashboard（工作视图 /desk/dashboard）"]
