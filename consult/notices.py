"""What a resident who gave an opinion hears: the officials' feedback on it."""

from __future__ import annotations

from comments.models import Comment
from consult.labels import adoption_labels
from consult.models import OpinionFeedback, Topic
from consult.subjects import topic_url
from core.i18n import gettext as _
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language


async def opinion_feedback(topic: Topic, opinion: Comment, feedback: OpinionFeedback) -> int:
    """The opinion's author hears whether it was adopted, and why (again if it changes)."""
    with stored_language():
        adoption = adoption_labels()[feedback.adoption.value]
        note = Note(
            Kind.OPINION_FEEDBACK,
            _("您对「{title}」的意见有了反馈：{adoption}").format(
                title=topic.title, adoption=adoption
            ),
            _("反馈：{adoption}。理由：{reason}").format(adoption=adoption, reason=feedback.reason),
            f"{topic_url(topic.id)}#comment-{opinion.id}",
        )
    return await notify([opinion.author_id], note)
