"""Rebuilding the index from the sources: every id a source walks is refreshed (put or
removed), and rows whose thing is gone are dropped."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.search.index import SOURCES, refresh_many
from core.search.models import SearchDocument


async def rebuild_all() -> dict[str, int]:
    """Documents in the index per kind after the rebuild."""
    counts = {}
    for kind, source in SOURCES.items():
        seen: set[int] = set()
        async for batch in source.all_ids():
            async with in_transaction():
                await refresh_many(kind, batch)
            seen.update(batch)
        stale = await SearchDocument.filter(kind=kind).values_list("ref_id", flat=True)
        gone = [ref for ref in stale if ref not in seen]
        if gone:
            await SearchDocument.filter(kind=kind, ref_id__in=gone).delete()
        counts[kind] = await SearchDocument.filter(kind=kind).count()
    stray = await SearchDocument.exclude(kind__in=list(SOURCES)).delete()
    if stray:
        counts["(removed)"] = stray
    return counts
