"""What search finds of consultation topics: every published one (drafts are staff-only),
its draft document and, once out, the public response."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from consult.models import Topic, TopicStatus
from consult.subjects import topic_url
from core.i18n import N_
from core.search.index import Document, Source, id_batches

# Markdown's marks say nothing a reader searches for, and look odd in a snippet.
_MARKS = re.compile(r"[#*_>`|]+|!?\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    return _MARKS.sub(lambda m: m[1] or " ", markdown)


async def topic_document(topic_id: int) -> Document | None:
    topic = await Topic.get_or_none(id=topic_id).select_related("area")
    if topic is None or topic.status == TopicStatus.DRAFT:
        return None
    return Document(
        url=topic_url(topic.id),
        title=topic.title,
        body=plain(f"{topic.body}\n{topic.response}"),
        year=topic.opens_on.year,
        area_path=topic.area.path,
        area_name=topic.area.name,
        status=topic.status.value,
    )


def topic_ids() -> AsyncIterator[list[int]]:
    return id_batches(Topic.exclude(status=TopicStatus.DRAFT))


SOURCE = Source(
    kind="topic",
    label=N_("意见征集议题"),
    document=topic_document,
    all_ids=topic_ids,
    statuses={"open": N_("征集中"), "closed": N_("已截止"), "answered": N_("已反馈")},
)
