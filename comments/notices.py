"""What a comment's author hears: an official answered it."""

from __future__ import annotations

from comments.models import Comment
from comments.subjects import Subject
from core.i18n import gettext as _
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language

EXCERPT = 60  # characters of the comment quoted back, enough to recognise it


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


async def comment_answered(subject: Subject, answer: Comment, answered: list[Comment]) -> int:
    """The authors of the comments an official answer replies to (the one replied to, and
    the thread's first comment when that was a reply) hear it, with the answer."""
    residents = [c for c in answered if not c.is_official]
    authors = {c.author_id for c in residents} - {answer.author_id}
    if not authors:
        return 0
    with stored_language():
        title = _("官方回复了您在「{title}」下的{noun}").format(
            title=subject.title, noun=subject.noun or _("评论")
        )
        body = _("您的{noun}：{excerpt}\n官方答复：{answer}").format(
            noun=subject.noun or _("评论"),
            excerpt=_excerpt(residents[0].body),
            answer=answer.body,
        )
    link = f"{subject.url}#comment-{answer.id}"
    return await notify(authors, Note(Kind.COMMENT_ANSWERED, title, body, link))
