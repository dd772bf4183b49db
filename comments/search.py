"""What search finds of comments: the opinions on consultation topics and the comments on
proposals that their pages show to everyone. A hidden comment (by a moderator, or by
reports pending review) is not found, and neither is one whose subject is not public."""

from __future__ import annotations

from collections.abc import AsyncIterator

from comments.models import Comment, Visibility
from comments.subjects import load_subject
from core.clock import china_date
from core.i18n import N_
from core.models import Area
from core.search.index import Document, Source, id_batches


async def comment_document(comment_id: int) -> Document | None:
    comment = await Comment.get_or_none(id=comment_id)
    if comment is None or comment.visibility != Visibility.VISIBLE:
        return None
    subject = await load_subject(comment.subject_type, comment.subject_id)
    if subject is None:
        return None
    # The index holds text in the source language, whoever's request wrote it.
    noun = "意见" if subject.noun else "评论"
    area = await Area.get_or_none(id=subject.area_id)
    return Document(
        url=f"{subject.url}#comment-{comment.id}",
        # The subject's title names the hit; only the comment's own words are searched.
        title=f"{subject.title} · {noun}",
        title_found=False,
        body=comment.body,
        year=china_date(comment.created_at).year,
        area_path=subject.area_path,
        area_name=area.name if area else "",
        status="official" if comment.is_official else "",
    )


def comment_ids() -> AsyncIterator[list[int]]:
    return id_batches(Comment.filter(visibility=Visibility.VISIBLE))


SOURCE = Source(
    kind="opinion",
    label=N_("意见与评论"),
    document=comment_document,
    all_ids=comment_ids,
    statuses={"official": N_("官方回复")},
)
