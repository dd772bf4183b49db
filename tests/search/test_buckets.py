"""The id buckets the search statements look in (core.search.statements.BUCKET_BITS) are the
ones migration 0025 had the database write into each row's tsvectors (``~N``, N = id >> 10).
The migration keeps its literal, as history does; these tests hold the two together."""

from __future__ import annotations

import importlib
import re

import pytest
from tortoise import Tortoise

from core.search import index, statements
from core.search.models import SearchDocument

SEARCH_MIGRATION = importlib.import_module("migrations.0025_search2")
SHIFT = re.compile(r"\(id >> (\d+)\)")


def test_the_constant_is_the_shift_migration_0025_wrote() -> None:
    shifts = {int(bits) for bits in SHIFT.findall(SEARCH_MIGRATION.FACTS)}
    assert shifts == {statements.BUCKET_BITS}
    columns = [sql for sql in SEARCH_MIGRATION.POSTGRES if "GENERATED" in sql]
    assert len(columns) == 1 and columns[0].count(SEARCH_MIGRATION.FACTS) == 2  # tsv, title_tsv


@pytest.mark.postgres_only
async def test_the_database_computes_the_buckets_the_statements_look_in(clean_db: str) -> None:
    conn = Tortoise.get_connection("default")
    rows = await conn.execute_query_dict(
        "SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expression"
        " FROM pg_attrdef d JOIN pg_attribute a"
        " ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
        " WHERE d.adrelid = 'search_document'::regclass AND a.attname IN ('tsv', 'title_tsv')"
    )
    found = {row["name"]: {int(bits) for bits in SHIFT.findall(row["expression"])} for row in rows}
    assert found == {"tsv": {statements.BUCKET_BITS}, "title_tsv": {statements.BUCKET_BITS}}
    # And as the statements use them: the first and last id of bucket 3.
    first, last = 3 << statements.BUCKET_BITS, (4 << statements.BUCKET_BITS) - 1
    for doc_id in (first - 1, first, last, last + 1):
        document = index.Document(url=f"/x/{doc_id}", title="路灯", body="", year=2027)
        await SearchDocument.create(
            id=doc_id, kind="topic", ref_id=doc_id, **index.columns(document)
        )
    bucket = "'~3'::tsquery"  # the lexeme of bucket 3, as the statements ask for it
    in_bucket = await conn.execute_query_dict(
        f"SELECT id FROM search_document WHERE tsv @@ {bucket} AND title_tsv @@ {bucket}"
        " ORDER BY id"
    )
    assert [row["id"] for row in in_bucket] == [first, last]
