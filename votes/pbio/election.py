"""A ballot box's tally input, read from the database: :func:`election_of` (计票输入).

The projects are the proposals on the box's ballot, in the ballot's order (area, then id):
those accepted or already past the tally (funded, not funded, implementing, completed), plus
any proposal that has votes in the box but has since left the ballot (withdrawn after the
vote, as Pabulib marks with cost 999999999): its votes still count, no rule funds it.

Ballots come in id order: random UUIDs, a stable order that says nothing about who voted
when. Money is in fen (``money_decimals=2``), so Equal Shares' add1 still steps by one yuan.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
from tortoise.expressions import Q

from core.models import Area
from projects.meeting import MeetingKind, MeetingRecord, SubsidyPolicy, YishiProject, YishiTerms
from projects.models import Process, Proposal, TallyRule
from votes.ballots.boxes import ON_BALLOT, pool_cost
from votes.models import BallotBox
from votes.pbio.mapping import VOTE_TYPE_OF_METHOD
from votes.pbio.marks import BoxMarks, box_marks
from votes.rules.election import Election, Threshold, VoteType


@dataclass(frozen=True, eq=False)
class BoxElection:
    election: Election
    proposals: tuple[Proposal, ...]  # aligned with election.project_ids
    ballots: int  # the election's voters, marked or not
    marked: frozenset[int]  # the proposals that have a mark in the box


async def election_of(process: Process, box: BallotBox) -> tuple[Election, list[int]]:
    """The box's election and the proposal id behind each of its projects, in order."""
    found = await box_election(process, box)
    return found.election, [p.id for p in found.proposals]


async def box_election(process: Process, box: BallotBox) -> BoxElection:
    marks = await box_marks(box.id)
    marked = await asyncio.to_thread(lambda: frozenset(np.unique(marks.proposal).tolist()))
    proposals = await _ballot_proposals(process, box, marked)
    vote_type = VOTE_TYPE_OF_METHOD[process.voting_method]
    # A million ballots take a second or two of sorting: off the loop that serves pages
    # (numpy lets go of the GIL while it sorts).
    columns = await asyncio.to_thread(_columns, marks, [p.id for p in proposals], vote_type)
    election = _election(process, box, proposals, *columns)
    return BoxElection(election, tuple(proposals), marks.ballots, marked)


async def box_terms(process: Process, box: BallotBox, marked: frozenset[int]) -> BoxElection:
    """The box's election without a single ballot: everything else its tally reads
    (projects, costs, budget, 一事一议 terms), given which proposals have marks. For a
    re-run that knows from the write generation that no ballot changed."""
    proposals = await _ballot_proposals(process, box, marked)
    vote_type = VOTE_TYPE_OF_METHOD[process.voting_method]
    none = np.zeros(0, dtype=np.int64)
    points = none if vote_type.has_points else None
    election = _election(process, box, proposals, np.zeros(1, dtype=np.int64), none, points)
    return BoxElection(election, tuple(proposals), 0, marked)


def _election(
    process: Process,
    box: BallotBox,
    proposals: list[Proposal],
    voter_ptr: np.ndarray,
    project_idx: np.ndarray,
    points: np.ndarray | None,
) -> Election:
    vote_type = VOTE_TYPE_OF_METHOD[process.voting_method]
    return Election(
        project_ids=tuple(str(p.id) for p in proposals),
        costs=np.array([pool_cost(p, process) for p in proposals], dtype=np.int64),
        budget=box.budget_fen,
        voter_ptr=voter_ptr,
        project_idx=project_idx,
        vote_type=vote_type,
        points=points,
        threshold=_threshold(process),
        withdrawn=frozenset(str(p.id) for p in proposals if p.status not in ON_BALLOT),
        max_ballot_length=(process.max_picks or None) if vote_type is VoteType.ORDINAL else None,
        yishi=_yishi_terms(process, proposals) if process.tally_rule == TallyRule.YISHI else None,
        money_decimals=2,
    )


def _columns(
    marks: BoxMarks, proposal_ids: list[int], vote_type: VoteType
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The election's ballots as compressed rows: where each voter's marks start, the
    project of each mark, and its points, from the marks in any order."""
    # Proposal id → its column: proposals are few, so a sorted lookup over the marks.
    ids = np.array(proposal_ids, dtype=np.int64)
    by_id = np.argsort(ids)
    projects = by_id[np.searchsorted(ids, marks.proposal, sorter=by_id)]
    voters, values = marks.ballot, marks.value
    # Within a ballot: by rank on ranked ballots (first choice first), else in ballot order.
    order = np.lexsort((values if vote_type is VoteType.ORDINAL else projects, voters))
    voter_ptr = np.zeros(marks.ballots + 1, dtype=np.int64)
    np.cumsum(np.bincount(voters, minlength=marks.ballots), out=voter_ptr[1:])
    return voter_ptr, projects[order], values[order] if vote_type.has_points else None


async def _ballot_proposals(
    process: Process, box: BallotBox, marked: frozenset[int]
) -> list[Proposal]:
    area = await Area.get(id=box.area_id)
    return (
        await Proposal.filter(
            Q(status__in=ON_BALLOT) | Q(id__in=sorted(marked)),
            process_id=process.id,
            area__path__startswith=area.path,
        )
        .select_related("area")
        .order_by("area__path", "id")
    )


def _threshold(process: Process) -> Threshold | None:
    if process.tally_rule != TallyRule.GREEDY_THRESHOLD or process.vote_threshold <= 0:
        return None
    if process.vote_threshold_is_share:
        return Threshold(min_share=Fraction(process.vote_threshold, 100))
    return Threshold(min_score=process.vote_threshold)


def _meeting(p: Proposal) -> MeetingRecord | None:
    if (
        not 0 <= p.meeting_in_favour <= p.meeting_present <= p.meeting_eligible
        or p.meeting_eligible <= 0
    ):
        return None
    return MeetingRecord(
        MeetingKind(p.meeting_kind), p.meeting_eligible, p.meeting_present, p.meeting_in_favour
    )


def _yishi_terms(process: Process, proposals: list[Proposal]) -> YishiTerms:
    policy = SubsidyPolicy(ratio=Decimal(str(process.subsidy_ratio)), cap=process.subsidy_cap_fen)
    return YishiTerms(
        projects=tuple(
            YishiProject(
                area=p.area.code,
                requested=p.requested_subsidy_fen,
                reviewed_cost=p.reviewed_cost_fen or p.total_cost_fen,
                meeting=_meeting(p),
            )
            for p in proposals
        ),
        policy=policy,
    )
