"""Writes of the dashboard: only the rebuild (the triggers keep everything else)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core import audit
from insight import keeping, rollup, turnout


async def dashboard_rebuild() -> int:
    """Recount every kept figure and every process's turnout from the source tables.

    For after a restore, a bulk load that bypassed nothing but should be checked, or a
    change of what a measure means. Returns the number of figures written."""
    async with in_transaction() as client:
        await keeping.recount(client)
        # The roll-up's triggers followed every row above; rebuilt all the same, so a
        # rebuild also mends a roll-up that drifted (say, a restore of one table).
        await rollup.rebuild(client)
        await turnout.recount_all()
        rows = await client.execute_query_dict("SELECT COUNT(*) AS n FROM insight_figure")
        count = int(rows[0]["n"])
        await audit.record(
            None, "dashboard.rebuild", ("dashboard", "all"), f"重算数据看板：{count} 项"
        )
    return count
