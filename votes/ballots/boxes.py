"""Ballot boxes (投票箱) and what stands in them."""

from __future__ import annotations

from decimal import Decimal

from tortoise.exceptions import IntegrityError

from core.models import Area
from projects.models import Heading, Process, Proposal, ProposalStatus
from votes.ballots.limits import BallotLimits
from votes.models import BallotBox, RosterEntry
from votes.rules.meeting import SubsidyPolicy, YishiProject


async def _box(process: Process, heading: Heading | None) -> BallotBox:
    key = f"{process.id}:{heading.id if heading else 0}"
    box = await BallotBox.get_or_none(key=key)
    if box is not None:
        return box
    area_id = heading.area_id if heading else process.area_id  # type: ignore[attr-defined]
    budget = heading.budget_fen if heading else process.budget_fen
    try:
        return await BallotBox.create(key=key, process=process, heading=heading,
                                      area_id=area_id, budget_fen=budget)
    except IntegrityError:  # two first voters at once: the other one made it
        return await BallotBox.get(key=key)


async def boxes_of(process: Process) -> list[BallotBox]:
    """Every box of the process: one per heading, or one for the whole process."""
    headings = await Heading.filter(process=process).order_by("id")
    if not headings:
        return [await _box(process, None)]
    return [await _box(process, heading) for heading in headings]


async def boxes_for(process: Process, entry: RosterEntry) -> list[BallotBox]:
    """The boxes this roster entry votes in: those whose area contains its village."""
    entry_area = await Area.get(id=entry.area_id)  # type: ignore[attr-defined]
    found = []
    for box in await boxes_of(process):
        area = await Area.get(id=box.area_id)  # type: ignore[attr-defined]
        if entry_area.path.startswith(area.path):
            found.append(box)
    return found


# Statuses of proposals that stood on the ballot (accepted, then whatever the tally made them).
ON_BALLOT = [ProposalStatus.ACCEPTED, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED,
             ProposalStatus.IMPLEMENTING, ProposalStatus.COMPLETED]


async def proposals_in(box: BallotBox) -> list[Proposal]:
    """The proposals on this box's ballot, in a stable order."""
    area = await Area.get(id=box.area_id)  # type: ignore[attr-defined]
    return await Proposal.filter(
        process_id=box.process_id,  # type: ignore[attr-defined]
        status__in=ON_BALLOT, area__path__startswith=area.path,
    ).select_related("area").order_by("area__path", "id")


def pool_cost(proposal: Proposal, process: Process) -> int:
    """What funding this proposal would take from the pool: its subsidy under the policy."""
    # Decimal(str(...)): a freshly created process may still hold the plain default 1.
    policy = SubsidyPolicy(ratio=Decimal(str(process.subsidy_ratio)), cap=process.subsidy_cap_fen)
    reviewed = proposal.reviewed_cost_fen or proposal.total_cost_fen
    return policy.subsidy(YishiProject(area="", requested=proposal.requested_subsidy_fen,
                                       reviewed_cost=reviewed, meeting=None))


def limits_of(process: Process, box: BallotBox) -> BallotLimits:
    return BallotLimits(
        method=process.voting_method, budget_fen=box.budget_fen, min_picks=process.min_picks,
        max_picks=process.max_picks, points_total=process.points_total,
        points_per_project=process.points_per_project,
        knapsack_min_share=process.knapsack_min_share,
    )
