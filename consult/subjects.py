"""Consultation topics as subjects of the shared comment system (opinions = comments)."""

from __future__ import annotations

from comments.subjects import CommentNote, Subject, register
from consult.labels import adoption_labels
from consult.models import OpinionFeedback, Topic, TopicStatus
from core.clock import today
from core.formatting import date_cn
from core.i18n import gettext as _

TONES = {"adopted": "ok", "partly": "partial", "not_adopted": "no"}


def topic_url(topic_id: int) -> str:
    return f"/consult/topics/{topic_id}"


def topic_subject(topic: Topic) -> Subject:
    """Needs `topic.area` loaded."""
    phase = topic.phase(today())
    notices = {
        "upcoming": _("意见征集将于 {date} 开始。").format(date=date_cn(topic.opens_on)),
        "closed": _("意见征集已截止，感谢参与。"),
        "answered": _("意见征集已结束，反馈见上文。"),
    }
    return Subject(
        type="topic",
        id=topic.id,
        title=topic.title,
        url=topic_url(topic.id),
        area_id=topic.area.id,
        area_path=topic.area.path,
        is_open=phase == "open",
        closed_notice=notices.get(phase, ""),
        noun=_("意见"),
    )


class TopicSubjects:
    async def load(self, subject_id: int) -> Subject | None:
        topic = await Topic.get_or_none(id=subject_id).select_related("area")
        if topic is None or topic.status == TopicStatus.DRAFT:
            return None
        return topic_subject(topic)

    async def notes(self, comment_ids: list[int]) -> dict[int, CommentNote]:
        labels = adoption_labels()
        found = await OpinionFeedback.filter(comment_id__in=comment_ids)
        return {
            f.comment_id: CommentNote(
                label=_("反馈：{adoption}").format(adoption=labels[f.adoption.value]),
                text=f.reason,
                tone=TONES[f.adoption.value],
            )
            for f in found
        }


register("topic", TopicSubjects())
