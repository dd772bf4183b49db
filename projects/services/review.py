"""Official review (审核): accept for the ballot or reject with a public reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from tortoise.transactions import in_transaction

from core import audit, clock
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from projects import notices, rules
from projects.meeting import MeetingKind
from projects.models import Feasibility, Process, Proposal, ProposalStatus

SNAPSHOT = [
    "status",
    "feasibility",
    "reviewed_cost_fen",
    "official_answer",
    "rejection_reason",
    "requested_subsidy_fen",
    "villager_funds_fen",
    "meeting_present",
    "meeting_in_favour",
]


class ReviewRuleError(Refused):
    """The message says why."""


@dataclass(frozen=True)
class YishiFigures:
    """What the cadre adds at review for 一事一议: the split of the money (integer fen) and
    the village-meeting record from the minutes. A resident cannot know these."""

    villager_funds_fen: int
    labour_days: int
    donations_fen: int
    requested_subsidy_fen: int
    beneficiaries_people: int
    beneficiaries_households: int
    meeting_kind: MeetingKind
    meeting_date: dt.date | None
    meeting_eligible: int
    meeting_present: int
    meeting_in_favour: int


@dataclass(frozen=True)
class ReviewDecision:
    accept: bool
    feasibility: Feasibility
    reviewed_cost_fen: int
    official_answer: str
    rejection_reason: str
    figures: YishiFigures


async def proposal_review(
    actor: Principal, proposal: Proposal, process: Process, decision: ReviewDecision
) -> Proposal:
    async with in_transaction():
        locked = await Proposal.select_for_update().get(id=proposal.id)
        _check(locked, process, decision)
        before = audit.snapshot(locked, SNAPSHOT)
        locked.status = ProposalStatus.ACCEPTED if decision.accept else ProposalStatus.REJECTED
        locked.feasibility = decision.feasibility
        locked.reviewed_cost_fen = decision.reviewed_cost_fen
        locked.official_answer = decision.official_answer
        locked.rejection_reason = "" if decision.accept else decision.rejection_reason
        locked.update_from_dict(asdict(decision.figures))
        locked.reviewed_by_id = actor.id
        locked.reviewed_at = clock.now()
        await locked.save()
        await search_index.refresh("proposal", locked.id)
        verb = "采纳入选" if decision.accept else "不予通过"
        await audit.record(
            actor,
            "proposal.review",
            ("proposal", locked.id),
            f"审核提案 {locked.title}：{verb}",
            before=before,
            after=audit.snapshot(locked, SNAPSHOT),
        )
        await notices.proposal_reviewed(locked, reviewer_id=actor.id)
    return locked


def _check(proposal: Proposal, process: Process, decision: ReviewDecision) -> None:
    if not rules.under_review(process):
        raise ReviewRuleError(_("本批次当前不在审核阶段"))
    if proposal.status not in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
    ):
        raise ReviewRuleError(_("只能审核已提交的提案"))
    if decision.accept and proposal.support_count < process.support_threshold:
        raise ReviewRuleError(
            _("附议人数 {n} 未达到本批次要求的 {m} 人").format(
                n=proposal.support_count, m=process.support_threshold
            )
        )
    if decision.accept and decision.feasibility == Feasibility.INFEASIBLE:
        raise ReviewRuleError(_("评估为不可行的项目不能入选投票"))
