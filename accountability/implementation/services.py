"""Implementation writes: plan, milestones (with photos and documents), spend, finance's
confirmation. Each one permission-checked by its endpoint and audited here."""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from accountability.implementation import notices, rules
from accountability.implementation.labels import MILESTONE_KINDS
from accountability.implementation.models import (
    Milestone,
    MilestoneFile,
    MilestoneKind,
    Spend,
    WorkPlan,
)
from accountability.implementation.queries import spend_total
from accountability.ratings import services as rating_services
from core import audit, clock
from core.clock import today
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from core.uploads import StoredFile, file_record
from projects.models import Phase, Process, Proposal, ProposalStatus
from votes.models import Award

TRACKED_PHASES = (Phase.FUNDED, Phase.IMPLEMENTING)


class ImplementationRefused(Refused):
    """Refused by the implementation rules; the message says why."""


def tracking_refusal(process: Process) -> str | None:
    if process.phase not in TRACKED_PHASES:
        return _("批次立项后、验收前才能登记实施情况")
    return None


async def award_of(proposal: Proposal) -> Award:
    award = await Award.get_or_none(proposal=proposal)
    if award is None:
        raise ImplementationRefused(_("这个项目没有获得奖补"))
    return award


async def plan_set(
    actor: Principal, proposal: Proposal, process: Process, start: dt.date, finish: dt.date
) -> None:
    _refuse(tracking_refusal(process))
    if finish < start:
        raise ImplementationRefused(_("计划完工日期不能早于计划开工日期"))
    async with in_transaction():
        await award_of(proposal)
        plan = await WorkPlan.get_or_none(proposal=proposal)
        before = audit.snapshot(plan, ["planned_start", "planned_finish"]) if plan else None
        if plan is None:
            plan = await WorkPlan.create(
                proposal=proposal, planned_start=start, planned_finish=finish
            )
        else:
            plan.planned_start, plan.planned_finish = start, finish
            await plan.save()
        await audit.record(
            actor,
            "implementation.plan",
            ("proposal", proposal.id),
            f"实施计划：{proposal.title}",
            before=before,
            after=audit.snapshot(plan, ["planned_start", "planned_finish"]),
        )


async def milestone_record(
    actor: Principal,
    proposal: Proposal,
    process: Process,
    new: rules.Reported,
    note: str,
    files: list[StoredFile],
) -> Milestone:
    _refuse(tracking_refusal(process))
    async with in_transaction():
        await award_of(proposal)
        locked = await Proposal.select_for_update().get(id=proposal.id)
        history = [
            rules.Reported(m.kind, m.happened_on, m.progress_pct)
            for m in await Milestone.filter(proposal=locked)
        ]
        _refuse(rules.milestone_refusal(history, new, today()))
        milestone = await Milestone.create(
            proposal=locked,
            kind=new.kind,
            happened_on=new.happened_on,
            progress_pct=new.progress_pct,
            note=note,
            recorded_by_id=actor.id,
        )
        await MilestoneFile.bulk_create(
            [file_record(MilestoneFile, f, milestone=milestone) for f in files]
        )
        await _follow_status(locked, new.kind)
        await audit.record(
            actor,
            "implementation.milestone",
            ("proposal", locked.id),
            f"实施节点 {MILESTONE_KINDS[new.kind]}：{locked.title}",
            after={
                "kind": new.kind.value,
                "on": new.happened_on.isoformat(),
                "progress_pct": new.progress_pct,
                "files": len(files),
            },
        )
        await notices.milestone_recorded(locked, milestone, actor.id)
        if new.kind == MilestoneKind.ACCEPT:
            await rating_services.rating_opened(locked, process)
    return milestone


async def _follow_status(proposal: Proposal, kind: MilestoneKind) -> None:
    """The proposal's own status follows its milestones: 开工 → implementing, 验收 → completed."""
    status = {
        MilestoneKind.START: ProposalStatus.IMPLEMENTING,
        MilestoneKind.ACCEPT: ProposalStatus.COMPLETED,
    }.get(kind)
    if status:
        proposal.status = status
        await proposal.save(update_fields=["status", "updated_at"])
        await search_index.refresh("proposal", proposal.id)


async def spend_record(
    actor: Principal,
    proposal: Proposal,
    process: Process,
    *,
    amount_fen: int,
    spent_on: dt.date,
    purpose: str,
) -> Spend:
    _refuse(tracking_refusal(process))
    if spent_on > today():
        raise ImplementationRefused(_("支出日期不能晚于今天"))
    async with in_transaction():
        # Lock the award row so two officials entering spend at once cannot both pass the cap.
        award = await Award.select_for_update().get_or_none(proposal=proposal)
        if award is None:
            raise ImplementationRefused(_("这个项目没有获得奖补"))
        recorded = await spend_total(proposal)
        approved = rules.approved_fen(award.subsidy_fen, award.confirmed_fen)
        _refuse(rules.spend_refusal(approved, recorded, amount_fen))
        spend = await Spend.create(
            proposal=proposal,
            amount_fen=amount_fen,
            spent_on=spent_on,
            purpose=purpose,
            recorded_by_id=actor.id,
        )
        await audit.record(
            actor,
            "implementation.spend",
            ("spend", spend.id),
            f"登记支出：{proposal.title}",
            after={"amount_fen": amount_fen, "spent_on": spent_on.isoformat(), "purpose": purpose},
        )
        await notices.spend_recorded(proposal, spend, actor.id)
    return spend


async def spend_confirm(actor: Principal, spend: Spend) -> None:
    """Finance confirms an entered spend (财政确认); confirming twice changes nothing."""
    async with in_transaction():
        locked = await Spend.select_for_update().get(id=spend.id)
        if locked.confirmed_at is not None:
            raise ImplementationRefused(_("这笔支出已经确认过"))
        locked.confirmed_at = clock.now()
        locked.confirmed_by_id = actor.id
        await locked.save(update_fields=["confirmed_at", "confirmed_by_id"])
        await audit.record(
            actor,
            "implementation.spend_confirm",
            ("spend", locked.id),
            f"财政确认支出 {rules.yuan(locked.amount_fen)} 元",
            after={"amount_fen": locked.amount_fen, "confirmed": True},
        )


async def closing_refusal(process: Process) -> str | None:
    """A process closes (验收) only when every funded project has passed acceptance."""
    awarded = await Award.filter(proposal__process=process).values_list("proposal_id", flat=True)
    accepted = await Milestone.filter(
        proposal_id__in=list(awarded), kind=MilestoneKind.ACCEPT
    ).count()
    waiting = len(awarded) - accepted
    if waiting:
        return _("还有 {n} 个获奖补项目没有验收，不能结束批次").format(n=waiting)
    return None


def _refuse(message: str | None) -> None:
    if message:
        raise ImplementationRefused(message)
