"""What the PostgreSQL job queue (procrastinate) holds, read straight from its table."""

from __future__ import annotations

import psycopg

from notify import queue


async def deferred(database: str, task_name: str) -> int:
    """How many jobs of this task wait in the queue."""
    async with await psycopg.AsyncConnection.connect(queue.conninfo(database)) as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s", (task_name,)
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0


async def clear_deferred(database: str) -> None:
    async with await psycopg.AsyncConnection.connect(
        queue.conninfo(database), autocommit=True
    ) as conn:
        await conn.execute("DELETE FROM procrastinate_jobs")
