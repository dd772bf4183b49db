"""Build a database (by migrations or from the models) and print its schema as JSON.

Run in its own interpreter by test_migrations.py: Tortoise binds its model classes to one
database dialect per process, so building schemas for both backends must not happen inside
the test process, where the session database is open.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from core import migrations
from core.db import tortoise_config


async def columns(conn: BaseDBAsyncClient, url: str) -> dict[str, list[list[Any]]]:
    out: dict[str, set[tuple[Any, ...]]] = {}
    if url.startswith("postgres"):
        rows = await conn.execute_query_dict(
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length"
            " FROM information_schema.columns WHERE table_schema = 'public'"
        )
        for r in rows:
            out.setdefault(r["table_name"], set()).add(
                (r["column_name"], r["data_type"], r["is_nullable"], r["character_maximum_length"])
            )
    else:
        for t in await _sqlite_tables(conn):
            cols = await conn.execute_query_dict(f'PRAGMA table_info("{t}")')
            out[t] = {(c["name"], c["type"].upper(), c["notnull"], c["pk"]) for c in cols}
    return {name: sorted(map(list, cols)) for name, cols in out.items()}


async def _sqlite_tables(conn: BaseDBAsyncClient) -> list[str]:
    rows = await conn.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [r["name"] for r in rows]


async def indexes(conn: BaseDBAsyncClient, url: str) -> list[list[Any]]:
    """(table, sorted columns, unique) of every index and unique constraint."""
    if url.startswith("postgres"):
        rows = await conn.execute_query_dict(
            "SELECT t.relname AS tbl, i.indisunique AS uniq,"
            " string_agg(a.attname, ',' ORDER BY a.attname) AS cols"
            " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE n.nspname = 'public' GROUP BY i.indexrelid, t.relname, i.indisunique"
        )
        return sorted([r["tbl"], r["cols"], bool(r["uniq"])] for r in rows)
    found = []
    for t in await _sqlite_tables(conn):
        for index in await conn.execute_query_dict(f'PRAGMA index_list("{t}")'):
            cols = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
            found.append([t, ",".join(sorted(c["name"] for c in cols)), bool(index["unique"])])
    return sorted(found)


async def probe(url: str, how: str) -> dict[str, Any]:
    if how == "migrate":
        await migrations.apply(url)
    await Tortoise.init(config=tortoise_config(url))
    try:
        conn = Tortoise.get_connection("default")
        if how == "generate":
            await Tortoise.generate_schemas()
        return {"columns": await columns(conn, url), "indexes": await indexes(conn, url)}
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe(sys.argv[1], sys.argv[2]))))
