"""Searching the index: ranked, filtered, paginated, and never past an embargo.

The query is segmented as the documents were, and every word must be found (AND). On
PostgreSQL a GIN index on ``tsv`` finds the rows and ``ts_rank`` ranks them, the title
weighted A and the body B — past ``COUNT_CAP`` matches, only the newest of them and the
newest title matches (``statements``); on SQLite the FTS5 table does both (``bm25``, the
title weighted 10 to 1). Past ``COUNT_CAP`` matches the page says "more than" that
instead of counting them all. Visibility was decided by the owning package when the row was
written; an embargo that ends by time (``visible_from``) is checked here, at the moment
of the search, so nothing appears a second early.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from tortoise import connections
from tortoise.transactions import in_transaction

from core import clock, sql
from core.search import snippets, statements
from core.search.index import learn_area_names
from core.search.segmenter import query_words

PAGE_SIZE = 10
MAX_PAGE = 50  # deeper pages are not for reading: narrow the search instead
# Past this many matches the page says "超过 1,000 条" rather than counting them all: the
# count of a common word (路灯: 15,000 of 100,000 documents) cost as much as ranking them.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: int = 0
    status: str = ""
    area_path: str = ""  # the chosen area's tree path: it and everything under it


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: int
    url: str
    title: Markup
    snippet: Markup
    area_name: str
    year: int
    status: str


@dataclass(frozen=True)
class Results:
    words: list[str]
    hits: list[Hit]
    total: int  # at most COUNT_CAP
    page: int
    pages: int
    capped: bool = False  # more than ``total`` matched: "超过 1,000 条"


def _match_text(words: list[str], dialect: str) -> str:
    if dialect == "sqlite":
        # Each word a quoted FTS5 string (a phrase of its tokens); side by side they AND.
        return " ".join(f'"{word}"' for word in words)
    return " ".join(words)


async def search(
    text: str, filters: Filters, page: int = 1, now: dt.datetime | None = None
) -> Results:
    await learn_area_names()
    words = query_words(text)
    page = min(max(page, 1), MAX_PAGE)
    if not words:
        return Results(words, [], 0, 1, 1)
    dialect = connections.get("default").capabilities.dialect
    values = [
        _match_text(words, dialect),
        _moment(now or clock.now(), dialect),
        filters.kind,
        filters.year,
        filters.status,
        f"{filters.area_path}%" if filters.area_path else "",
        COUNT_CAP + 1,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    ]
    if dialect == "sqlite":
        rows = await sql.fetch(statements.SQLITE, *values)
    else:
        facts = statements.facts(filters.kind, filters.status, filters.year)
        rows = await _fetch_postgres(values, facts)
    total = int(rows[0]["total"]) if rows else 0
    capped, total = total > COUNT_CAP, min(total, COUNT_CAP)
    pages = min(MAX_PAGE, max(1, -(-total // PAGE_SIZE)))
    hits = [_hit(row, words) for row in rows]
    return Results(words, hits, total, page, pages, capped)


async def _fetch_postgres(values: list[Any], facts: str) -> list[dict[str, Any]]:
    """The windowed statement, planned for these words and these windows every time
    (``statements.TOP``), in a transaction of its own so the settings end with it."""
    async with in_transaction():
        top = int((await sql.fetch(statements.TOP))[0]["top"])
        statement = statements.postgres(top, filtered=bool(facts))
        return await sql.fetch(statement, *values, *([facts] if facts else []))


def _moment(now: dt.datetime, dialect: str) -> dt.datetime | str:
    """SQLite compares the text Tortoise stored: China time, ISO with its offset."""
    china = now.astimezone(clock.CHINA)
    return str(china) if dialect == "sqlite" else china


def _hit(row: dict[str, Any], words: list[str]) -> Hit:
    return Hit(
        kind=row["kind"],
        ref_id=row["ref_id"],
        url=row["url"],
        title=snippets.mark(row["title"], words),
        snippet=snippets.snippet(row["body"], words),
        area_name=row["area_name"],
        year=row["year"],
        status=row["status"],
    )
