"""Keeping the index: the sources each package registers, and the write of one document.

A package registers a :class:`Source` per kind of thing (``app.wiring``): how to make the
public document of one of its things — or ``None`` when the public may not see it (a draft,
a hidden comment, a letter not to be published, a result under embargo) — and which ids to
walk when the whole index is rebuilt. Its services call :func:`refresh` inside the
transaction of their write, so the index commits or rolls back with the write itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.queryset import QuerySet

from core import clock
from core.models import Area
from core.search import segmenter
from core.search.models import SearchDocument


@dataclass(frozen=True)
class Document:
    """What the public may find of one thing, as its public page shows it."""

    url: str
    title: str
    body: str
    year: int
    area_path: str = ""
    area_name: str = ""
    status: str = ""
    visible_from: dt.datetime | None = None
    title_found: bool = True  # False: the title only labels the hit (an opinion's topic)


@dataclass(frozen=True)
class Source:
    kind: str  # the key of the index, e.g. "proposal"
    label: str  # the kind as the filter names it (N_ text, translated when shown)
    document: Callable[[int], Awaitable[Document | None]]
    all_ids: Callable[[], AsyncIterator[list[int]]]  # batches of ids, for a rebuild
    statuses: dict[str, str] = field(default_factory=dict)  # status → label (N_ text)


SOURCES: dict[str, Source] = {}
BATCH = 500


async def id_batches(query: QuerySet[Any]) -> AsyncIterator[list[int]]:
    """The ids of ``query`` in batches, in id order (for a source's ``all_ids``)."""
    after = 0
    while True:
        found = (
            await query.filter(id__gt=after)
            .order_by("id")
            .limit(BATCH)
            .values_list("id", flat=True)
        )
        ids = [int(str(i)) for i in found]
        if not ids:
            return
        yield ids
        after = ids[-1]


_areas_known = False


async def learn_area_names() -> None:
    """Once per process, before the first text is segmented: the area names join the
    dictionary (an area made later joins it as it is made, ``core.areas.services``)."""
    global _areas_known
    if not _areas_known:
        names = await Area.all().values_list("name", flat=True)
        segmenter.add_words([str(name) for name in names])
        _areas_known = True


def register(source: Source) -> None:
    SOURCES[source.kind] = source


async def refresh(kind: str, ref_id: int) -> None:
    """Bring the index in line with one thing, in the caller's transaction. A kind nobody
    registered (a script that did not wire the app) is left alone."""
    source = SOURCES.get(kind)
    if source is None:
        return
    document = await source.document(ref_id)
    if document is None:
        await remove(kind, ref_id)
    else:
        await put(kind, ref_id, document)


async def refresh_many(kind: str, ref_ids: list[int]) -> None:
    for ref_id in ref_ids:
        await refresh(kind, ref_id)


async def remove(kind: str, ref_id: int) -> None:
    await SearchDocument.filter(kind=kind, ref_id=ref_id).delete()


async def put(kind: str, ref_id: int, document: Document) -> None:
    await learn_area_names()
    values = columns(document)
    updated = await SearchDocument.filter(kind=kind, ref_id=ref_id).update(**values)
    if not updated:
        await SearchDocument.create(kind=kind, ref_id=ref_id, **values)


def columns(document: Document) -> dict[str, Any]:
    """The row of a document: the text shown, and the words segmented for the index."""
    return {
        "url": document.url,
        "title": document.title[:200],
        "body": document.body,
        "title_words": segmenter.segmented(document.title) if document.title_found else "",
        "body_words": segmenter.segmented(document.body),
        "area_path": document.area_path,
        "area_name": document.area_name[:64],
        "year": document.year,
        "status": document.status,
        "visible_from": document.visible_from,
        "updated_at": clock.now(),
    }


def area_named(name: str) -> None:
    """An area made or renamed: its name joins the dictionary of a process that has it."""
    if _areas_known:
        segmenter.add_words([name])
