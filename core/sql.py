"""Hand-written SQL for the few statements every request (or every ballot) runs.

Tortoise builds each query anew through pypika, 150–800 µs of CPU apiece; on the paths a
whole village takes in one evening (who is signed in, casting a ballot) that was most of
the work. These statements are constant text, so asyncpg prepares each once per connection
and reuses it. They are written for both backends: ``$1``-style parameters, which become
SQLite's ``?1``, and nothing either dialect lacks (no arrays, no ``::`` casts).
"""

from __future__ import annotations

import re
from typing import Any

from tortoise import connections

_PARAMETER = re.compile(r"\$(\d+)")
_sqlite_text: dict[str, str] = {}


def _for_dialect(sql: str, dialect: str) -> str:
    if dialect != "sqlite":
        return sql
    text = _sqlite_text.get(sql)
    if text is None:
        text = _sqlite_text[sql] = _PARAMETER.sub(r"?\1", sql)
    return text


async def fetch(sql: str, *values: Any) -> list[dict[str, Any]]:
    """Rows of `sql` on the primary (or the current transaction's connection) as dicts."""
    client = connections.get("default")
    text = _for_dialect(sql, client.capabilities.dialect)
    return await client.execute_query_dict(text, list(values))


async def execute(sql: str, *values: Any) -> int:
    """Run a write on the primary (or the current transaction's connection); rows changed."""
    client = connections.get("default")
    text = _for_dialect(sql, client.capabilities.dialect)
    if client.capabilities.dialect == "sqlite":
        changed, _rows = await client.execute_query(text, list(values))
        return changed
    # asyncpg's command tag ends with the count ("INSERT 0 12", "UPDATE 12"); Tortoise reads
    # the second word, which for an INSERT is the oid, always 0.
    async with client.acquire_connection() as connection:
        tag: str = await connection.execute(text, *values)
    count = tag.rsplit(" ", 1)[-1]
    return int(count) if count.isdigit() else 0  # "ANALYZE", "CREATE TABLE": none
