"""The migrations in migrations/ build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import drop_database_url, fresh_database_url
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import TortoiseContext

from core import migrations
from core.db import tortoise_config

BACKENDS = ["sqlite", "postgres"]


async def _columns(conn: BaseDBAsyncClient, url: str) -> dict[str, set[tuple[Any, ...]]]:
    if url.startswith("postgres"):
        rows = await conn.execute_query_dict(
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length"
            " FROM information_schema.columns WHERE table_schema = 'public'"
        )
        out: dict[str, set[tuple[Any, ...]]] = {}
        for r in rows:
            out.setdefault(r["table_name"], set()).add(
                (r["column_name"], r["data_type"], r["is_nullable"], r["character_maximum_length"])
            )
        return out
    tables = await conn.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    out = {}
    for t in tables:
        cols = await conn.execute_query_dict(f'PRAGMA table_info("{t["name"]}")')
        out[t["name"]] = {(c["name"], c["type"].upper(), c["notnull"], c["pk"]) for c in cols}
    return out


async def _unique_sets(conn: BaseDBAsyncClient, url: str) -> set[tuple[str, str]]:
    """(table, sorted columns) of every unique index/constraint."""
    if url.startswith("postgres"):
        rows = await conn.execute_query_dict(
            "SELECT t.relname AS tbl, string_agg(a.attname, ',' ORDER BY a.attname) AS cols"
            " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE i.indisunique AND n.nspname = 'public' GROUP BY i.indexrelid, t.relname"
        )
        return {(r["tbl"], r["cols"]) for r in rows}
    found = set()
    tables = await conn.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for t in tables:
        for index in await conn.execute_query_dict(f'PRAGMA index_list("{t["name"]}")'):
            if index["unique"]:
                cols = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
                found.add((t["name"], ",".join(sorted(c["name"] for c in cols))))
    return found


# Each step runs in its own TortoiseContext so the session's open database is untouched.


async def _schema_of(url: str) -> tuple[dict[str, set[tuple[Any, ...]]], set[tuple[str, str]]]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        conn = ctx.db("default")
        return await _columns(conn, url), await _unique_sets(conn, url)


async def _apply(url: str) -> None:
    async with TortoiseContext():
        await migrations.apply(url)


async def _generate(url: str) -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        await ctx.generate_schemas()


def _without_recorder(tables: dict[str, Any]) -> dict[str, Any]:
    return {name: cols for name, cols in tables.items() if "migration" not in name}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_migrations_build_the_models_schema(backend: str, tmp_path: Path) -> None:
    migrated = await fresh_database_url(backend, tmp_path)
    generated = await fresh_database_url(backend, tmp_path)
    try:
        await _apply(migrated)
        await _generate(generated)
        migrated_columns, migrated_uniques = await _schema_of(migrated)
        model_columns, model_uniques = await _schema_of(generated)
    finally:
        await drop_database_url(migrated)
        await drop_database_url(generated)
    assert _without_recorder(migrated_columns) == model_columns
    assert {u for u in migrated_uniques if "migration" not in u[0]} == model_uniques
    assert "user_account" in model_columns


@pytest.mark.parametrize("backend", BACKENDS)
async def test_makemigrations_finds_nothing_new(backend: str, tmp_path: Path) -> None:
    url = await fresh_database_url(backend, tmp_path)
    try:
        async with TortoiseContext():
            assert await migrations.pending_changes(url) == []
    finally:
        await drop_database_url(url)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_migrate_twice_is_harmless(backend: str, tmp_path: Path) -> None:
    url = await fresh_database_url(backend, tmp_path)
    try:
        await _apply(url)
        await _apply(url)
    finally:
        await drop_database_url(url)
