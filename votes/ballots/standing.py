"""Where a person stands before a ballot box: may they vote in it, and by which rules.

Every ballot request asks this, and a cast asks it in the busiest minutes of the year, so it
is one hand-written query (core.sql): the account (still active, which session version),
its verified roster entry and village, the box with its area, its process's voting rules,
subsidy policy and area, whether the process has headings, and one row per proposal on the
box's ballot with the four columns its cost needs. The decision itself is `may_vote`, in
Python, from the rules in `votes.rosters.eligibility`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core import sql
from projects.models import Phase, VotingMethod
from votes.ballots.boxes import ON_BALLOT, subsidy_of
from votes.ballots.limits import BallotLimits
from votes.rosters.eligibility import takes_part

_ON_BALLOT = ", ".join(f"'{status.value}'" for status in ON_BALLOT)  # constants, not input

_STANDING = f"""
SELECT u.session_version, e.id AS entry_id, e.birth_date, ea.path AS entry_path,
       b.process_id, b.heading_id, b.budget_fen, ba.path AS box_path,
       p.phase, p.voting_method, p.min_picks, p.max_picks, p.points_total,
       p.points_per_project, p.knapsack_min_share, p.min_voter_age, p.subsidy_ratio,
       p.subsidy_cap_fen, pa.path AS process_path,
       EXISTS (SELECT 1 FROM heading h WHERE h.process_id = b.process_id) AS has_headings,
       pr.id AS proposal_id, pr.requested_subsidy_fen, pr.reviewed_cost_fen,
       pr.total_cost_fen
FROM ballot_box b
JOIN area ba ON ba.id = b.area_id
JOIN process p ON p.id = b.process_id
LEFT JOIN area pa ON pa.id = p.area_id
LEFT JOIN user_account u ON u.id = $2 AND u.is_active
LEFT JOIN roster_entry e ON e.user_id = u.id
LEFT JOIN area ea ON ea.id = e.area_id
LEFT JOIN proposal pr ON pr.process_id = b.process_id AND pr.status IN ({_ON_BALLOT})
    AND EXISTS (SELECT 1 FROM area pra WHERE pra.id = pr.area_id
                AND substr(pra.path, 1, length(ba.path)) = ba.path)
WHERE b.id = $1
ORDER BY pr.id
"""


@dataclass(frozen=True)
class Standing:
    """One person before one ballot box."""

    box_id: int
    process_id: int
    phase: Phase
    limits: BallotLimits
    costs: dict[int, int]  # proposal on the ballot → what it takes from the pool (fen)
    session_version: int | None  # None: no such active account
    entry_id: int | None  # the verified roster entry, if any
    eligible: bool  # `may_vote`, decided when loaded

    def may_vote(self) -> bool:
        return self.entry_id is not None and self.eligible


async def standing(box_id: int, user_id: int, day: dt.date) -> Standing | None:
    """None when there is no such box."""
    rows = await sql.fetch(_STANDING, box_id, user_id)
    if not rows:
        return None
    first = rows[0]
    return Standing(
        box_id=box_id, process_id=first["process_id"], phase=Phase(first["phase"]),
        limits=_limits(first),
        costs={row["proposal_id"]: _cost(first, row) for row in rows if row["proposal_id"]},
        session_version=first["session_version"], entry_id=first["entry_id"],
        eligible=_eligible(first, day),
    )


def _limits(row: dict[str, Any]) -> BallotLimits:
    return BallotLimits(
        method=VotingMethod(row["voting_method"]), budget_fen=row["budget_fen"],
        min_picks=row["min_picks"], max_picks=row["max_picks"],
        points_total=row["points_total"], points_per_project=row["points_per_project"],
        knapsack_min_share=row["knapsack_min_share"],
    )


def _cost(process: dict[str, Any], proposal: dict[str, Any]) -> int:
    return subsidy_of(process["subsidy_ratio"], process["subsidy_cap_fen"],
                      proposal["requested_subsidy_fen"],
                      proposal["reviewed_cost_fen"] or proposal["total_cost_fen"])


def _eligible(row: dict[str, Any], day: dt.date) -> bool:
    """A resident of the process's area, of age, living under the box's area; a box with
    a heading stands as long as its heading does (deleting a heading deletes its box), and
    the whole-process box counts only while the process has no headings."""
    if row["entry_id"] is None:
        return False
    birth_date = row["birth_date"]
    if isinstance(birth_date, str):  # SQLite hands dates back as text
        birth_date = dt.date.fromisoformat(birth_date)
    entry_path: str = row["entry_path"]
    if not takes_part(entry_path, row["process_path"], birth_date, row["min_voter_age"], day):
        return False
    if not entry_path.startswith(row["box_path"]):
        return False
    return row["heading_id"] is not None or not row["has_headings"]
