"""Rating writes: a resident rates once; officials of the area answer and moderate; a
leaving account is unlinked. Each in a transaction, staff actions audited here."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from accountability.ratings import notices, permissions, queries, rules
from accountability.ratings.models import ANSWER_MAX, COMMENT_MAX, REASON_MAX, ProjectRating
from core import audit, clock
from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from core.refusals import Forbidden, Refused
from letters.masking import mask_text
from projects.models import Process, Proposal

MODERATION_FIELDS = ["comment_hidden", "hidden_reason", "hidden_by_id", "hidden_at"]


class RatingRefused(Refused):
    """Refused by the rating rules; the message says why (and ``link`` what to do)."""

    def __init__(self, message: str, field: str | None = None, link: str = "") -> None:
        super().__init__(message, field)
        self.link = link


class AlreadyRated(RatingRefused):
    """Once each: the person's rating stands as given."""


async def rating_give(
    actor: Principal,
    *,
    proposal: Proposal,
    village: Area,
    process: Process,
    score: int,
    comment: str,
) -> ProjectRating:
    """评价: a resident of the village rates the accepted project, inside its window."""
    if score not in rules.SCORES:
        raise RatingRefused(_("请选择 1 到 5 分"), "score")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise RatingRefused(_("意见不能超过 {n} 个字").format(n=COMMENT_MAX), "comment")
    day = clock.today()
    closed = rules.window_refusal(await queries.accepted_on(proposal.id), day)
    if closed:
        raise RatingRefused(closed)
    refusal = await permissions.rater_refusal(actor, village, process, day)
    if refusal:
        raise RatingRefused(refusal.message, link=refusal.link)
    try:
        async with in_transaction():
            return await ProjectRating.create(
                proposal=proposal,
                user_id=actor.id,
                score=score,
                comment=comment,
                created_at=clock.now(),
            )
    except IntegrityError as exc:  # the unique key: a second rating by the same person
        raise AlreadyRated(_("您已经评价过这个项目")) from exc


def _check_official(actor: Principal, village: Area) -> None:
    if not permissions.may_answer(actor, village):
        raise Forbidden()


async def rating_answer(
    actor: Principal, *, rating: ProjectRating, proposal: Proposal, village: Area, answer: str
) -> ProjectRating:
    """官方回复: an official of the area answers a rating; the rater is told."""
    _check_official(actor, village)
    answer = answer.strip()
    if not answer:
        raise RatingRefused(_("请填写回复"), "answer")
    if len(answer) > ANSWER_MAX:
        raise RatingRefused(_("回复不能超过 {n} 个字").format(n=ANSWER_MAX), "answer")
    async with in_transaction():
        fresh = await ProjectRating.select_for_update().get(id=rating.id)
        before = audit.snapshot(fresh, ["answer", "answered_by_id", "answered_at"])
        fresh.answer, fresh.answered_by_id, fresh.answered_at = answer, actor.id, clock.now()
        await fresh.save(update_fields=["answer", "answered_by_id", "answered_at"])
        await audit.record(
            actor,
            "rating.answer",
            ("project_rating", fresh.id),
            f"回复项目评价：{proposal.title}",
            before=before,
            after=audit.snapshot(fresh, ["answer", "answered_by_id", "answered_at"]),
        )
        await notices.rating_answered(fresh, proposal)
    return fresh


async def rating_hide(
    actor: Principal, *, rating: ProjectRating, village: Area, reason: str
) -> ProjectRating:
    """隐藏: an official hides a rating's comment with a public reason; the score counts."""
    _check_official(actor, village)
    reason = reason.strip()
    if not reason:
        raise RatingRefused(_("请填写隐藏理由"), "reason")
    if len(reason) > REASON_MAX:
        raise RatingRefused(_("理由不能超过 {n} 个字").format(n=REASON_MAX), "reason")
    return await _moderate(actor, rating, hidden=True, reason=reason)


async def rating_restore(
    actor: Principal, *, rating: ProjectRating, village: Area
) -> ProjectRating:
    """恢复: the comment is shown again."""
    _check_official(actor, village)
    return await _moderate(actor, rating, hidden=False, reason="")


async def _moderate(
    actor: Principal, rating: ProjectRating, *, hidden: bool, reason: str
) -> ProjectRating:
    async with in_transaction():
        fresh = await ProjectRating.select_for_update().get(id=rating.id)
        before = audit.snapshot(fresh, MODERATION_FIELDS)
        fresh.comment_hidden, fresh.hidden_reason = hidden, reason
        fresh.hidden_by_id = actor.id if hidden else None
        fresh.hidden_at = clock.now() if hidden else None
        await fresh.save(update_fields=MODERATION_FIELDS)
        await audit.record(
            actor,
            "rating.hide" if hidden else "rating.restore",
            ("project_rating", fresh.id),
            f"隐藏评价意见：{reason}" if hidden else "恢复评价意见",
            before=before,
            after=audit.snapshot(fresh, MODERATION_FIELDS),
        )
    return fresh


async def erase_rater(user_id: int) -> int:
    """A deleted account's ratings stay (they are the village's verdict on the project),
    with no one behind them and no phone or ID number left in the comment."""
    async with in_transaction():
        rated = await ProjectRating.filter(user_id=user_id).select_for_update()
        for rating in rated:
            rating.user_id = None
            rating.comment = mask_text(rating.comment)
            await rating.save(update_fields=["user_id", "comment"])
    return len(rated)


async def rating_opened(proposal: Proposal, process: Process) -> int:
    """Acceptance was recorded: the village hears that it may rate, unless the 验收 was
    entered so late that its window has already closed. Runs in the milestone's
    transaction (``implementation.services.milestone_record``)."""
    accepted_on = await queries.accepted_on(proposal.id)
    if accepted_on is None or rules.window_refusal(accepted_on, clock.today()):
        return 0
    village = await Area.get(id=proposal.area_id)
    return await notices.rating_opened(proposal, village, process, accepted_on)
