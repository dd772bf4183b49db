"""The search statements. PostgreSQL's is built so that a common word costs what a page
costs, not what its matches cost.

Ranking every match was the cost of a common word (路灯: 10,000 of 100,000 documents;
``ts_rank`` and the count read every matching row, about a page of the table each). So:

1. Each row's tsvectors carry a recency lexeme, ``~N`` for N = id >> ``BUCKET_BITS``,
   and lexemes of its kind, status and year (migration 0025; no query word can be one:
   the parser never keeps a "~"), so filters are checked in the index too. The
   candidates are the newest ``COUNT_CAP + 1`` matches, found window by window from the
   newest bucket back — two buckets, then twice as many each step, up to ``WIDEST`` —
   as one UNION ALL under a LIMIT, so the later windows never run once enough are
   found. A window is one GIN lookup (the words AND its buckets AND the filters), so
   only its own matching rows are read, and sorted newest first. Their number, capped,
   is the count.
2. When the cap is reached and not all of them match in the title, the newest title
   matches join them (the same windows on the small title-only tsvector): ts_rank puts
   any title hit (A, 1.0) above a body-only one (B, 0.4), and an old title hit must not
   be lost behind new body hits.
3. ``ts_rank`` ranks those candidates only (their tsvector kept from the window's read),
   and the page is cut from them; only its ten rows are read again, for their text.

The windows' buckets are written into the statement (numbers, never user text) so that
the planner sees them and each window's matches are estimated, not guessed.
"""

from __future__ import annotations

# 1,024 ids a bucket. The database computes the buckets, not this module: migration 0025
# wrote this shift into search_document's generated tsv and title_tsv as the literal
# ``id >> 10`` (a migration is history and keeps its literal). Changing the constant
# needs a new migration that regenerates both columns; tests/search/test_buckets.py fails
# until the two agree.
BUCKET_BITS = 10
FIRST_WINDOW = 2  # buckets looked at first (the newest is seldom full)
GROWTH = 2  # each window back is this many times wider than the one before…
WIDEST = 4  # …up to this many buckets, or an eighth of them on a larger table

FILTERS = """
      AND (d.visible_from IS NULL OR d.visible_from <= $2)
      AND ($3 = '' OR d.kind = $3)
      AND ($4 = 0 OR d.year = $4)
      AND ($5 = '' OR d.status = $5)
      AND ($6 = '' OR d.area_path LIKE $6)
"""
COLUMNS = "d.kind, d.ref_id, d.url, d.title, d.body, d.area_name, d.year, d.status"
_QUERY = "plainto_tsquery('simple', $1)"

# The newest id, and the statement's settings for its transaction (one round trip). A
# plan for these words: a prepared statement's generic plan guesses every word's
# frequency alike (measured: 路灯 8 ms custom, 20 ms generic). No parallel workers: a
# Parallel Append starts every window at once, the widest too, where the point is that
# the later ones never run.
TOP = """
SELECT coalesce(max(id), 0) AS top,
       set_config('plan_cache_mode', 'force_custom_plan', true) AS plans,
       set_config('max_parallel_workers_per_gather', '0', true) AS workers
FROM search_document
"""


def windows(top: int) -> list[list[int]]:
    """The buckets of each window, from the newest back to bucket 0. The widths double,
    up to an eighth of the buckets (at least ``WIDEST``): the window where the cap is
    reached is read whole, so the last one read must not be most of the table."""
    found: list[list[int]] = []
    upto, width = top >> BUCKET_BITS, FIRST_WINDOW
    widest = max(WIDEST, (upto + 1) // 8)
    while upto >= 0:
        found.append(list(range(upto, max(upto - width, -1), -1)))
        upto, width = upto - width, min(width * GROWTH, widest)
    return found


def _buckets(window: list[int]) -> str:
    """A tsquery literal: any of these buckets (''~12'' | ''~11'')."""
    return "'" + " | ".join(f"''~{bucket:d}''" for bucket in window) + "'::tsquery"


def facts(kind: str, status: str, year: int) -> str:
    """The filters as a tsquery of the rows' fact lexemes (migration 0025), "" for none:
    '~kproposal' & '~y2026'. A parameter, quoted as tsquery quotes a lexeme."""
    lexemes = [f"~k{kind}" if kind else "", f"~s{status}" if status else ""]
    lexemes.append(f"~y{year:d}" if year else "")
    quoted = ["'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lexemes if x]
    return " & ".join(quoted)


def _newest(vector: str, top: int, filtered: bool) -> str:
    """The rows matching in ``vector``, window after window from the newest."""
    also = " && $10::tsquery" if filtered else ""
    return "\n    UNION ALL ".join(
        f"(SELECT d.id, d.tsv, d.title_tsv FROM search_document d"
        f" WHERE d.{vector} @@ ({_QUERY} && {_buckets(window)}{also}) {FILTERS}"
        " ORDER BY d.id DESC)"
        for window in windows(top)
    )


def postgres(top: int, filtered: bool) -> str:
    """$1 words, $2 now, $3 kind, $4 year, $5 status, $6 area path prefix, $7 how many
    candidates (the count's cap + 1), $8 page size, $9 offset; if ``filtered``, $10 the
    filters' :func:`facts` (checked in the index; the columns are checked as well)."""
    return f"""
WITH matches AS MATERIALIZED (
    SELECT id, ts_rank(tsv, {_QUERY}) AS rank, title_tsv @@ {_QUERY} AS in_title
    FROM ({_newest("tsv", top, filtered)}) AS newest LIMIT $7
), titled AS MATERIALIZED (
    SELECT id, ts_rank(tsv, {_QUERY}) AS rank, true AS in_title
    FROM ({_newest("title_tsv", top, filtered)}) AS newest
    WHERE (SELECT count(*) FROM matches) >= $7
      AND EXISTS (SELECT FROM matches WHERE NOT in_title)
    LIMIT $7
), page AS MATERIALIZED (
    SELECT id, rank FROM (SELECT * FROM matches UNION SELECT * FROM titled) AS candidates
    ORDER BY rank DESC, id DESC LIMIT $8 OFFSET $9
)
SELECT {COLUMNS}, page.rank, (SELECT count(*) FROM matches) AS total
FROM page JOIN search_document d ON d.id = page.id
ORDER BY page.rank DESC, d.id DESC
"""


# The embedded default's installations are a village or a street, not a district: FTS5
# ranks every match (bm25) and counts them; the count is capped as on PostgreSQL so both
# pages say the same. $7 is the cap + 1, as there.
SQLITE = f"""
WITH hits AS MATERIALIZED (
    SELECT rowid, bm25(search_fts, 10.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH $1
)
SELECT {COLUMNS}, hits.rank AS rank, min(count(*) OVER (), $7) AS total
FROM hits JOIN search_document d ON d.id = hits.rowid
WHERE 1 = 1 {FILTERS}
ORDER BY rank, d.id DESC
LIMIT $8 OFFSET $9
"""
