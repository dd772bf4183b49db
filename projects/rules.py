"""Phase rules in one place: what may happen in which phase."""

from __future__ import annotations

from projects.models import Phase, Process

ORDER = list(Phase)
VOTING_SETTINGS = (
    "voting_method",
    "tally_rule",
    "min_picks",
    "max_picks",
    "points_total",
    "points_per_project",
    "knapsack_min_share",
    "vote_threshold",
    "vote_threshold_is_share",
    "budget_fen",
    "min_voter_age",
    "subsidy_ratio",
    "subsidy_cap_fen",
)


# Who votes and how long the result hangs for objections: locked from voting on too, or an
# admin could move a voting process to another area (its voters losing their vote, cast
# ballots staying) or cut the publicity window to a day while it runs.
ELECTORATE_SETTINGS = ("area_id", "publicity_days")
PUBLICITY_DAYS = (5, 30)  # the 公示 window local rules allow, in days


def next_phase(phase: Phase) -> Phase | None:
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def voting_frozen(process: Process) -> bool:
    """Voting rules, limits and the budget freeze when voting opens: no change afterwards."""
    return frozen_in(process.phase)


def frozen_in(phase: Phase) -> bool:
    return ORDER.index(phase) >= ORDER.index(Phase.VOTING)


def accepts_proposals(process: Process) -> bool:
    return process.phase == Phase.COLLECTING


def accepts_supports(process: Process) -> bool:
    return process.phase == Phase.COLLECTING


def under_review(process: Process) -> bool:
    """Officials review as proposals arrive (collecting) and in the review phase."""
    return process.phase in (Phase.COLLECTING, Phase.REVIEWING)


def results_public(process: Process) -> bool:
    """Embargo: nothing about the count is shown anywhere until voting has closed."""
    return ORDER.index(process.phase) >= ORDER.index(Phase.TALLYING)
