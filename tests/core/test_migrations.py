"""The migrations in migrations/ build exactly the schema the models describe.

Schemas are built in child interpreters (see schema_probe.py), for both backends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import drop_database_url, fresh_database_url

BACKENDS = ["sqlite", "postgres"]
PROBE = Path(__file__).with_name("schema_probe.py")
ROOT = Path(__file__).resolve().parents[2]


def _probe(url: str, how: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(PROBE), url, how],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


# Not of the models: Tortoise's record of applied migrations, the write counter that
# core.pagecache.triggers installs beside the migrations on SQLite, the write generations
# core.generations installs (both backends), and the full-text
# index the search migration adds beside search_document (SQLite's FTS5 table and its
# shadow tables; PostgreSQL's generated tsvector columns and their GIN indexes).
NOT_MODELS = ("migration", "page_generation", "write_generation", "search_fts")
NOT_MODEL_COLUMNS = {("search_document", "tsv"), ("search_document", "title_tsv")}


def _without_recorder(schema: dict[str, Any]) -> dict[str, Any]:
    def of_models(table: str) -> bool:
        return not any(name in table for name in NOT_MODELS)

    def columns(table: str, found: list[list[Any]]) -> list[list[Any]]:
        return [c for c in found if (table, c[0]) not in NOT_MODEL_COLUMNS]

    return {
        "columns": {t: columns(t, c) for t, c in schema["columns"].items() if of_models(t)},
        "indexes": [
            i
            for i in schema["indexes"]
            if of_models(i[0]) and (i[0], i[1]) not in NOT_MODEL_COLUMNS
        ],
    }


@pytest.mark.parametrize("backend", BACKENDS)
async def test_migrations_build_the_models_schema(backend: str, tmp_path: Path) -> None:
    migrated = await fresh_database_url(backend, tmp_path)
    generated = await fresh_database_url(backend, tmp_path)
    try:
        by_migrations = _without_recorder(_probe(migrated, "migrate"))
        by_models = _probe(generated, "generate")
    finally:
        await drop_database_url(migrated)
        await drop_database_url(generated)
    assert by_migrations == by_models
    assert "user_account" in by_models["columns"]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_makemigrations_finds_nothing_new(backend: str, tmp_path: Path) -> None:
    url = await fresh_database_url(backend, tmp_path)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from app.cli import main; main()",
                "makemigrations",
                "--check",
            ],
            env={**os.environ, "YISHI_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
    finally:
        await drop_database_url(url)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("backend", BACKENDS)
async def test_migrate_twice_is_harmless(backend: str, tmp_path: Path) -> None:
    url = await fresh_database_url(backend, tmp_path)
    try:
        _probe(url, "migrate")
        schema = _probe(url, "migrate")
    finally:
        await drop_database_url(url)
    assert "proposal" in schema["columns"]
