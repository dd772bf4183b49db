"""Comment writes, one use case each, in a transaction; staff actions are audited."""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from comments import notices
from comments.models import (
    BODY_MAX,
    REASON_MAX,
    Comment,
    CommentReport,
    CommentSupport,
    ReportReason,
    Stance,
    Visibility,
)
from comments.permissions import may_answer, may_comment, may_moderate, may_report
from comments.subjects import Subject
from core import audit, settings
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Forbidden, Refused
from core.search import index as search_index

MODERATION_FIELDS = ["visibility", "hidden_reason", "report_count", "reports_reviewed"]


class CommentRefused(Refused):
    """What was sent cannot be accepted; the message says why, for the form field."""


class CommentForbidden(Forbidden):
    """This person may not do this here (answered with 403)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise CommentRefused(_("请填写内容"), "body")
    if len(body) > BODY_MAX:
        raise CommentRefused(_("内容不能超过 {n} 个字").format(n=BODY_MAX), "body")
    return body


async def _speaks_officially(actor: Principal, subject: Subject, *, official: bool) -> bool:
    """Is this an official answer? Staff who are not residents here speak only officially;
    anyone who may do neither is refused."""
    if not official and await may_comment(actor, subject):
        return False
    if may_answer(actor, subject):
        return True
    if official:
        raise CommentForbidden(_("只有负责该区域的工作人员可以发表官方答复"))
    raise CommentForbidden(subject.closed_notice or _("只有本辖区的居民可以参与"))


async def _create(
    actor: Principal,
    subject: Subject,
    *,
    body: str,
    stance: Stance | None,
    official: bool,
    parent: Comment | None,
    replied_to: Comment | None = None,
) -> Comment:
    async with in_transaction():
        comment = await Comment.create(
            subject_type=subject.type,
            subject_id=subject.id,
            area_id=subject.area_id,
            author_id=actor.id,
            parent=parent,
            stance=stance,
            body=body,
            is_official=official,
        )
        await search_index.refresh("opinion", comment.id)
        if official:
            await audit.record(
                actor,
                "comment.answer",
                ("comment", comment.id),
                f"官方答复「{subject.title}」",
                after={"body": body[:200]},
            )
            if parent is not None:
                answered = [replied_to or parent, parent]
                await notices.comment_answered(subject, comment, answered)
    return comment


async def comment_post(
    actor: Principal,
    *,
    subject: Subject,
    body: str,
    stance: Stance | None,
    official: bool = False,
) -> Comment:
    """发表评论/意见 on a subject; an official answer when `official`."""
    official = await _speaks_officially(actor, subject, official=official)
    body = _checked_body(body)
    if official:
        stance = None  # an answer explains; it does not take a side
    elif subject.stances and stance is None:
        raise CommentRefused(_("请选择您的立场"), "stance")
    return await _create(actor, subject, body=body, stance=stance, official=official, parent=None)


async def comment_reply(
    actor: Principal,
    *,
    subject: Subject,
    parent: Comment,
    body: str,
    official: bool = False,
) -> Comment:
    """回复: replies stay one level deep, so a reply to a reply joins its thread."""
    official = await _speaks_officially(actor, subject, official=official)
    body = _checked_body(body)
    replied_to = parent
    if parent.parent_id is not None:
        parent = await Comment.get(id=parent.parent_id)
    if parent.is_hidden:
        raise CommentRefused(_("不能回复已被隐藏的评论"), "body")
    return await _create(
        actor,
        subject,
        body=body,
        stance=None,
        official=official,
        parent=parent,
        replied_to=replied_to,
    )


async def comment_report(
    actor: Principal, *, subject: Subject, comment: Comment, reason: ReportReason | None
) -> Comment:
    """举报: one report per person; enough reports hide the comment until reviewed, unless
    it is an official answer (the office's word stays up; moderators see the reports)."""
    if not await may_report(actor, subject):
        raise CommentForbidden(_("只有本辖区已核验的居民可以举报"))
    if reason is None:
        raise CommentRefused(_("请选择举报原因"), "reason")
    if comment.author_id == actor.id:
        raise CommentRefused(_("不能举报自己的评论"), "reason")
    try:
        async with in_transaction():
            await CommentReport.create(comment_id=comment.id, reporter_id=actor.id, reason=reason)
            await Comment.filter(id=comment.id).update(report_count=F("report_count") + 1)
            fresh = await Comment.select_for_update().get(id=comment.id)
            if (
                fresh.visibility == Visibility.VISIBLE
                and not fresh.is_official
                and fresh.pending_reports >= settings.COMMENT_AUTOHIDE_REPORTS
            ):
                await _auto_hide(fresh)
    except IntegrityError as exc:
        raise CommentRefused(_("您已经举报过这条评论"), "reason") from exc
    return await Comment.get(id=comment.id)


async def _auto_hide(comment: Comment) -> None:
    comment.visibility = Visibility.AUTO_HIDDEN
    comment.hidden_at = _now()
    await comment.save(update_fields=["visibility", "hidden_at"])
    await search_index.refresh("opinion", comment.id)
    await audit.record(
        None,
        "comment.autohide",
        ("comment", comment.id),
        f"评论被举报 {comment.pending_reports} 次，自动隐藏待审核",
        after={"visibility": comment.visibility, "report_count": comment.report_count},
    )


async def comment_support(actor: Principal, *, subject: Subject, comment: Comment) -> Comment:
    """A resident of the subject's area backs someone else's opinion, once."""
    if not await may_comment(actor, subject):
        raise CommentForbidden(subject.closed_notice or _("只有本辖区的居民可以参与"))
    if comment.author_id == actor.id:
        raise CommentRefused(_("不能支持自己的意见"), "support")
    if comment.is_hidden:
        raise CommentRefused(_("不能支持已被隐藏的评论"), "support")
    try:
        async with in_transaction():
            await CommentSupport.create(comment_id=comment.id, supporter_id=actor.id)
            await Comment.filter(id=comment.id).update(support_count=F("support_count") + 1)
    except IntegrityError as exc:
        raise CommentRefused(_("您已经支持过这条意见"), "support") from exc
    return await Comment.get(id=comment.id)


async def _check_moderator(actor: Principal, comment: Comment) -> None:
    await comment.fetch_related("area")
    if not may_moderate(actor, comment.area.path):
        raise CommentForbidden(_("只能管理您负责区域内的评论"))


async def comment_hide(actor: Principal, *, comment: Comment, reason: str) -> Comment:
    """隐藏: a moderator hides a comment with a public reason; the reports are dealt with."""
    await _check_moderator(actor, comment)
    reason = reason.strip()
    if not reason:
        raise CommentRefused(_("请填写隐藏理由"), "reason")
    if len(reason) > REASON_MAX:
        raise CommentRefused(_("理由不能超过 {n} 个字").format(n=REASON_MAX), "reason")
    async with in_transaction():
        fresh = await Comment.select_for_update().get(id=comment.id)
        before = audit.snapshot(fresh, MODERATION_FIELDS)
        fresh.visibility = Visibility.HIDDEN
        fresh.hidden_reason = reason
        fresh.hidden_by_id = actor.id
        fresh.hidden_at = _now()
        fresh.reports_reviewed = fresh.report_count
        await fresh.save()
        await search_index.refresh("opinion", fresh.id)
        await audit.record(
            actor,
            "comment.hide",
            ("comment", fresh.id),
            f"隐藏评论：{reason}",
            before=before,
            after=audit.snapshot(fresh, MODERATION_FIELDS),
        )
    return fresh


async def comment_restore(actor: Principal, *, comment: Comment) -> Comment:
    """恢复: a moderator shows the comment again (or keeps it) and clears pending reports."""
    await _check_moderator(actor, comment)
    async with in_transaction():
        fresh = await Comment.select_for_update().get(id=comment.id)
        before = audit.snapshot(fresh, MODERATION_FIELDS)
        fresh.visibility = Visibility.VISIBLE
        fresh.hidden_reason = ""
        fresh.hidden_by_id = None
        fresh.hidden_at = None
        fresh.reports_reviewed = fresh.report_count
        await fresh.save()
        await search_index.refresh("opinion", fresh.id)
        await audit.record(
            actor,
            "comment.restore",
            ("comment", fresh.id),
            "恢复评论并清除待审举报",
            before=before,
            after=audit.snapshot(fresh, MODERATION_FIELDS),
        )
    return fresh
