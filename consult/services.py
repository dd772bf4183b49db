"""Consultation writes by staff: topics, their documents, the public response, feedback on
opinions. One use case each, in a transaction, audited; permission checked here too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from comments.models import Comment
from consult import documents, notices
from consult.models import (
    REASON_MAX,
    TITLE_MAX,
    Adoption,
    OpinionFeedback,
    Topic,
    TopicDocument,
    TopicStatus,
)
from consult.permissions import may_manage
from core import audit, clock
from core.clock import today
from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from core.refusals import Forbidden, Refused
from core.search import index as search_index

BODY_MAX = 50_000
DOCUMENTS_MAX = 10
TOPIC_FIELDS = ["title", "area_id", "opens_on", "closes_on", "status"]
# How the audit log's summary names a feedback (stored text, in the log's language).
ADOPTION_WORDS = {
    Adoption.ADOPTED: "采纳",
    Adoption.PARTLY: "部分采纳",
    Adoption.NOT_ADOPTED: "未采纳",
}


class TopicRefused(Refused):
    """Refused by the consultation rules; the message says why, next to `field`."""


class TopicForbidden(Forbidden):
    """This person may not act on this topic (403)."""


@dataclass(frozen=True)
class TopicDraft:
    title: str
    body: str
    area_id: int
    opens_on: dt.date
    closes_on: dt.date


async def _check_draft(actor: Principal, draft: TopicDraft) -> Area:
    area = await Area.get_or_none(id=draft.area_id)
    if area is None or not may_manage(actor, area.path):
        raise TopicRefused(_("只能为您负责的区域发布议题"), "area")
    if not draft.title or len(draft.title) > TITLE_MAX:
        raise TopicRefused(_("标题应为 1 到 {n} 个字").format(n=TITLE_MAX), "title")
    if not draft.body or len(draft.body) > BODY_MAX:
        raise TopicRefused(_("正文应为 1 到 {n} 个字").format(n=BODY_MAX), "body")
    if draft.closes_on < draft.opens_on:
        raise TopicRefused(_("截止日期不能早于开始日期"), "closes_on")
    return area


def check_manages(actor: Principal, topic: Topic) -> None:
    """`topic.area` must be loaded."""
    if not may_manage(actor, topic.area.path):
        raise TopicForbidden(_("只能管理您负责区域的议题"))


async def topic_create(actor: Principal, draft: TopicDraft) -> Topic:
    """起草议题: a new topic starts as a draft only staff can see."""
    area = await _check_draft(actor, draft)
    async with in_transaction():
        topic = await Topic.create(
            title=draft.title,
            body=draft.body,
            area=area,
            opens_on=draft.opens_on,
            closes_on=draft.closes_on,
            created_by_id=actor.id,
        )
        await audit.record(
            actor,
            "consult.topic.create",
            ("topic", topic.id),
            f"起草意见征集「{topic.title}」",
            after=audit.snapshot(topic, TOPIC_FIELDS),
        )
    return topic


async def topic_update(actor: Principal, topic: Topic, draft: TopicDraft) -> Topic:
    """The area is fixed once published: opinions were given as residents of it."""
    check_manages(actor, topic)
    if topic.status != TopicStatus.DRAFT and draft.area_id != topic.area.id:
        raise TopicRefused(_("议题发布后不能更改区域"), "area")
    area = await _check_draft(actor, draft)
    async with in_transaction():
        before = audit.snapshot(topic, TOPIC_FIELDS)
        topic.title, topic.body, topic.area = draft.title, draft.body, area
        topic.opens_on, topic.closes_on = draft.opens_on, draft.closes_on
        await topic.save()
        await search_index.refresh("topic", topic.id)
        # Opinions are found under their topic's title: they follow a new one.
        opinions = Comment.filter(subject_type="topic", subject_id=topic.id)
        ids = await opinions.values_list("id", flat=True)
        await search_index.refresh_many("opinion", [int(str(i)) for i in ids])
        await audit.record(
            actor,
            "consult.topic.update",
            ("topic", topic.id),
            f"修改意见征集「{topic.title}」",
            before=before,
            after=audit.snapshot(topic, TOPIC_FIELDS),
        )
    return topic


async def _move(
    actor: Principal,
    topic: Topic,
    to: TopicStatus,
    action: str,
    summary: str,
    allowed_from: tuple[TopicStatus, ...],
) -> Topic:
    check_manages(actor, topic)
    async with in_transaction():
        fresh = await Topic.select_for_update().get(id=topic.id)
        if fresh.status not in allowed_from:
            raise TopicRefused(_("议题当前状态不能进行此操作"), "status")
        before = {"status": fresh.status.value}
        fresh.status = to
        await fresh.save(update_fields=["status", "updated_at"])
        await search_index.refresh("topic", fresh.id)
        await audit.record(
            actor,
            action,
            ("topic", topic.id),
            f"{summary}「{fresh.title}」",
            before=before,
            after={"status": to.value},
        )
    topic.status = to
    return topic


async def topic_publish(actor: Principal, topic: Topic) -> Topic:
    """发布: residents see it; they take part between its open and close dates."""
    return await _move(
        actor,
        topic,
        TopicStatus.OPEN,
        "consult.topic.publish",
        "发布意见征集",
        (TopicStatus.DRAFT,),
    )


async def topic_close(actor: Principal, topic: Topic) -> Topic:
    """提前截止."""
    return await _move(
        actor, topic, TopicStatus.CLOSED, "consult.topic.close", "截止意见征集", (TopicStatus.OPEN,)
    )


async def topic_answer(actor: Principal, topic: Topic, response: str) -> Topic:
    """公开反馈: the overall response document; the topic becomes answered."""
    check_manages(actor, topic)
    response = response.strip()
    if not response or len(response) > BODY_MAX:
        raise TopicRefused(_("反馈说明应为 1 到 {n} 个字").format(n=BODY_MAX), "response")
    if topic.phase(today()) not in ("closed", "answered"):
        raise TopicRefused(_("意见征集截止后才能发布反馈，请先截止"), "response")
    async with in_transaction():
        before = {"status": topic.status.value, "response": topic.response[:200]}
        topic.status, topic.response = TopicStatus.ANSWERED, response
        topic.answered_at = topic.answered_at or clock.now()
        await topic.save()
        await search_index.refresh("topic", topic.id)
        await audit.record(
            actor,
            "consult.topic.answer",
            ("topic", topic.id),
            f"发布意见征集反馈「{topic.title}」",
            before=before,
            after={"status": topic.status.value, "response": response[:200]},
        )
    return topic


async def document_add(actor: Principal, topic: Topic, upload: UploadFile) -> TopicDocument:
    check_manages(actor, topic)
    if await TopicDocument.filter(topic=topic).count() >= DOCUMENTS_MAX:
        raise TopicRefused(_("每个议题最多 {n} 个附件").format(n=DOCUMENTS_MAX), "document")
    try:
        stored = await documents.store_document(upload, actor.id)
    except documents.DocumentRefused as exc:
        raise TopicRefused(str(exc), "document") from exc
    try:
        async with in_transaction():
            document = await TopicDocument.create(
                topic=topic,
                kind=stored.kind,
                stored_name=stored.stored_name,
                original_name=stored.original_name,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by_id=actor.id,
            )
            await audit.record(
                actor,
                "consult.document.add",
                ("topic", topic.id),
                f"上传附件「{stored.original_name}」",
                after={"document": document.id, "sha256": stored.sha256},
            )
    except BaseException:
        # The row did not commit: nothing will ever point at the stored file, so it goes.
        await documents.remove_file(stored.stored_name)
        raise
    return document


async def document_remove(actor: Principal, topic: Topic, document: TopicDocument) -> None:
    check_manages(actor, topic)
    async with in_transaction():
        await document.delete()
        await audit.record(
            actor,
            "consult.document.remove",
            ("topic", topic.id),
            f"删除附件「{document.original_name}」",
            before={"document": document.id, "sha256": document.sha256},
        )
    await documents.remove_file(document.stored_name)  # after the commit: no dangling row


async def feedback_record(
    actor: Principal, *, comment: Comment, adoption: Adoption | None, reason: str
) -> OpinionFeedback:
    """反馈: adopted / partly / not adopted, with the reason, on one resident's opinion."""
    topic = await _opinion_topic(comment)
    check_manages(actor, topic)
    reason = reason.strip()
    if adoption is None:
        raise TopicRefused(_("请选择采纳情况"), "adoption")
    if not reason or len(reason) > REASON_MAX:
        raise TopicRefused(_("理由应为 1 到 {n} 个字").format(n=REASON_MAX), "reason")
    try:
        return await _write_feedback(actor, topic, comment, adoption, reason)
    except IntegrityError:  # a colleague answered the same opinion at the same moment
        return await _write_feedback(actor, topic, comment, adoption, reason)


async def _opinion_topic(comment: Comment) -> Topic:
    if comment.subject_type != "topic" or comment.parent_id or comment.is_official:
        raise TopicRefused(_("只能对居民的意见作出反馈"), "adoption")
    topic = await Topic.get(id=comment.subject_id).select_related("area")
    return topic


async def _write_feedback(
    actor: Principal, topic: Topic, comment: Comment, adoption: Adoption, reason: str
) -> OpinionFeedback:
    async with in_transaction():
        feedback = await OpinionFeedback.select_for_update().get_or_none(comment_id=comment.id)
        before = audit.snapshot(feedback, ["adoption", "reason"]) if feedback else None
        if feedback is None:
            feedback = await OpinionFeedback.create(
                comment_id=comment.id, adoption=adoption, reason=reason, official_id=actor.id
            )
        else:
            feedback.adoption, feedback.reason = adoption, reason
            feedback.official_id = actor.id
            await feedback.save()
        await audit.record(
            actor,
            "consult.feedback",
            ("comment", comment.id),
            f"反馈意见 #{comment.id}：{ADOPTION_WORDS[adoption]}",
            before=before,
            after={"adoption": adoption.value, "reason": reason[:200]},
        )
        await notices.opinion_feedback(topic, comment, feedback)
    return feedback
