"""Ballot boxes (投票箱) and what stands in them."""

from __future__ import annotations

from decimal import Decimal

from tortoise.exceptions import IntegrityError

from core.models import Area
from projects.meeting import SubsidyPolicy, YishiProject
from projects.models import Heading, Process, Proposal, ProposalStatus
from residents.models import RosterEntry
from votes.ballots.limits import BallotLimits
from votes.models import BallotBox


def _key(process: Process, heading: Heading | None) -> str:
    return f"{process.id}:{heading.id if heading else 0}"


async def _box(process: Process, heading: Heading | None) -> BallotBox:
    key = _key(process, heading)
    box = await BallotBox.get_or_none(key=key)
    if box is not None:
        return box
    area_id = heading.area_id if heading else process.area_id
    budget = heading.budget_fen if heading else process.budget_fen
    try:
        return await BallotBox.create(
            key=key, process=process, heading=heading, area_id=area_id, budget_fen=budget
        )
    except IntegrityError:  # two first voters at once: the other one made it
        return await BallotBox.get(key=key)


async def boxes_of(process: Process) -> list[BallotBox]:
    """Every box of the process: one per heading, or one for the whole process."""
    headings: list[Heading | None] = [*await Heading.filter(process=process).order_by("id")]
    # Two queries whatever the number of headings; a box is created only when missing.
    made = {box.key: box for box in await BallotBox.filter(process=process)}
    return [
        made.get(_key(process, heading)) or await _box(process, heading)
        for heading in headings or [None]
    ]


async def boxes_for(process: Process, entry: RosterEntry) -> list[BallotBox]:
    """The boxes this roster entry votes in: those whose area contains its village."""
    entry_area: Area = await entry.area  # no query when the entry came with its area
    boxes = await boxes_of(process)
    paths: dict[int, str] = dict(
        await Area.filter(id__in=[box.area_id for box in boxes]).values_list("id", "path")
    )
    return [box for box in boxes if entry_area.path.startswith(paths[box.area_id])]


# Statuses of proposals that stood on the ballot (accepted, then whatever the tally made them).
ON_BALLOT = [
    ProposalStatus.ACCEPTED,
    ProposalStatus.FUNDED,
    ProposalStatus.NOT_FUNDED,
    ProposalStatus.IMPLEMENTING,
    ProposalStatus.COMPLETED,
]


async def proposals_in(box: BallotBox) -> list[Proposal]:
    """The proposals on this box's ballot, in a stable order."""
    area: Area = await box.area  # no query when the box came with its area
    return (
        await Proposal.filter(
            process_id=box.process_id,
            status__in=ON_BALLOT,
            area__path__startswith=area.path,
        )
        .select_related("area")
        .order_by("area__path", "id")
    )


def pool_cost(proposal: Proposal, process: Process) -> int:
    """What funding this proposal would take from the pool: its subsidy under the policy."""
    return _subsidy(
        process,
        proposal.requested_subsidy_fen,
        proposal.reviewed_cost_fen or proposal.total_cost_fen,
    )


def _subsidy(process: Process, requested_fen: int, reviewed_cost_fen: int) -> int:
    return subsidy_of(
        process.subsidy_ratio, process.subsidy_cap_fen, requested_fen, reviewed_cost_fen
    )


def subsidy_of(
    ratio: object, cap_fen: int | None, requested_fen: int, reviewed_cost_fen: int
) -> int:
    """What the subsidy policy (ratio of the reviewed cost, capped) grants a request."""
    # Decimal(str(...)): a freshly created process may still hold the plain default 1, and
    # SQLite hands a raw query's decimal back as text.
    policy = SubsidyPolicy(ratio=Decimal(str(ratio)), cap=cap_fen)
    return policy.subsidy(
        YishiProject(
            area="", requested=requested_fen, reviewed_cost=reviewed_cost_fen, meeting=None
        )
    )


async def ballot_costs(process: Process, box: BallotBox) -> dict[int, int]:
    """`pool_cost` of each proposal on the box's ballot, by id: what the rules check a cast
    against. Four columns rather than whole proposals: this runs on every cast."""
    area: Area = await box.area
    rows = await Proposal.filter(
        process_id=box.process_id,
        status__in=ON_BALLOT,
        area__path__startswith=area.path,
    ).values_list("id", "requested_subsidy_fen", "reviewed_cost_fen", "total_cost_fen")
    return {
        pid: _subsidy(process, requested, reviewed or total)
        for pid, requested, reviewed, total in rows
    }


def limits_of(process: Process, box: BallotBox) -> BallotLimits:
    return BallotLimits(
        method=process.voting_method,
        budget_fen=box.budget_fen,
        min_picks=process.min_picks,
        max_picks=process.max_picks,
        points_total=process.points_total,
        points_per_project=process.points_per_project,
        knapsack_min_share=process.knapsack_min_share,
    )
