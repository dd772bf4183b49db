"""Searching the index: ranked, filtered, paginated, and never past an embargo.

The query is segmented as the documents were, and every word must be found (AND). On
PostgreSQL a GIN index on ``tsv`` finds the rows and ``ts_rank`` ranks them, the title
weighted A and the body B; on SQLite the FTS5 table does both (``bm25``, the title
weighted 10 to 1). Visibility was decided by the owning package when the row was
written; an embargo that ends by time (``visible_from``) is checked here, at the moment
of the search, so nothing appears a second early.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from tortoise import connections

from core import clock, sql
from core.search import snippets
from core.search.index import learn_area_names
from core.search.segmenter import query_words

PAGE_SIZE = 10
MAX_PAGE = 50  # deeper pages are not for reading: narrow the search instead

_FILTERS = """
      AND (d.visible_from IS NULL OR d.visible_from <= $2)
      AND ($3 = '' OR d.kind = $3)
      AND ($4 = 0 OR d.year = $4)
      AND ($5 = '' OR d.status = $5)
      AND ($6 = '' OR d.area_path LIKE $6)
"""
_COLUMNS = "d.kind, d.ref_id, d.url, d.title, d.body, d.area_name, d.year, d.status"

POSTGRES = f"""
SELECT {_COLUMNS}, ts_rank(d.tsv, q) AS rank, count(*) OVER () AS total
FROM search_document d, plainto_tsquery('simple', $1) q
WHERE d.tsv @@ q {_FILTERS}
ORDER BY rank DESC, d.id DESC
LIMIT $7 OFFSET $8
"""

SQLITE = f"""
WITH hits AS MATERIALIZED (
    SELECT rowid, bm25(search_fts, 10.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH $1
)
SELECT {_COLUMNS}, hits.rank AS rank, count(*) OVER () AS total
FROM hits JOIN search_document d ON d.id = hits.rowid
WHERE 1 = 1 {_FILTERS}
ORDER BY rank, d.id DESC
LIMIT $7 OFFSET $8
"""


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
    total: int
    page: int
    pages: int


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
    statement = SQLITE if dialect == "sqlite" else POSTGRES
    rows = await sql.fetch(
        statement,
        _match_text(words, dialect),
        _moment(now or clock.now(), dialect),
        filters.kind,
        filters.year,
        filters.status,
        f"{filters.area_path}%" if filters.area_path else "",
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    total = int(rows[0]["total"]) if rows else 0
    pages = min(MAX_PAGE, max(1, -(-total // PAGE_SIZE)))
    return Results(words, [_hit(row, words) for row in rows], total, page, pages)


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
