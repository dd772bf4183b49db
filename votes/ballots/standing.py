"""Where a person stands before a ballot box: may they vote in it, and by which rules.

Every ballot request asks this, and a cast asks it in the busiest minutes of the year, so it
is hand-written SQL (core.sql) in two parts:

- the person, fresh on every request: the account (still active? which session version?),
  its verified roster entry and village, the box's and the process's areas and phase, and
  the process's election public key (votes.sealing);
- the box's rules: its budget and heading, the process's voting rules and subsidy policy,
  and what each proposal on its ballot would cost. These freeze when voting opens (the
  server refuses changes from then on), so once frozen they are kept in memory per box,
  as long as the process row is the one they were read with (its `updated_at`).

The decision itself is `may_vote`, in Python, from the rules in `residents.eligibility`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core import sql
from projects.models import Phase, VotingMethod
from projects.rules import frozen_in
from residents.eligibility import box_refusal
from votes.ballots.boxes import ON_BALLOT, subsidy_of
from votes.ballots.limits import BallotLimits

_ON_BALLOT = ", ".join(f"'{status.value}'" for status in ON_BALLOT)  # constants, not input

_PERSON_COLUMNS = """
       u.session_version, e.id AS entry_id, e.birth_date, ea.path AS entry_path,
       b.process_id, b.heading_id, ba.path AS box_path, p.phase, p.updated_at,
       p.min_voter_age, pa.path AS process_path, k.public_key"""
_PERSON_JOINS = """
JOIN area ba ON ba.id = b.area_id
JOIN process p ON p.id = b.process_id
LEFT JOIN area pa ON pa.id = p.area_id
LEFT JOIN election_key k ON k.process_id = b.process_id
LEFT JOIN user_account u ON u.id = {user_id} AND u.is_active
LEFT JOIN roster_entry e ON e.user_id = u.id
LEFT JOIN area ea ON ea.id = e.area_id"""

_PERSON = f"""
SELECT {_PERSON_COLUMNS}
FROM ballot_box b {_PERSON_JOINS.format(user_id="$2")}
WHERE b.id = $1
"""

# Many people at once (PostgreSQL): the n-th row answers the n-th (box, account) pair.
_PEOPLE = f"""
SELECT asked.n, {_PERSON_COLUMNS}
FROM unnest($1::integer[], $2::integer[]) WITH ORDINALITY AS asked (box_id, user_id, n)
JOIN ballot_box b ON b.id = asked.box_id {_PERSON_JOINS.format(user_id="asked.user_id")}
"""

_RULES = f"""
SELECT b.budget_fen, p.voting_method, p.min_picks, p.max_picks, p.points_total,
       p.points_per_project, p.knapsack_min_share, p.subsidy_ratio, p.subsidy_cap_fen,
       EXISTS (SELECT 1 FROM heading h WHERE h.process_id = b.process_id) AS has_headings,
       pr.id AS proposal_id, pr.requested_subsidy_fen, pr.reviewed_cost_fen,
       pr.total_cost_fen
FROM ballot_box b
JOIN area ba ON ba.id = b.area_id
JOIN process p ON p.id = b.process_id
LEFT JOIN proposal pr ON pr.process_id = b.process_id AND pr.status IN ({_ON_BALLOT})
    AND EXISTS (SELECT 1 FROM area pra WHERE pra.id = pr.area_id
                AND substr(pra.path, 1, length(ba.path)) = ba.path)
WHERE b.id = $1
ORDER BY pr.id
"""


@dataclass(frozen=True)
class BoxRules:
    """What a ballot in one box is checked against."""

    limits: BallotLimits
    costs: dict[int, int]  # proposal on the ballot → what it takes from the pool (fen)
    has_headings: bool  # does the box's process have headings?


# box id → (the process's updated_at when read, its rules); frozen rules only.
_frozen_rules: dict[int, tuple[object, BoxRules]] = {}
_KEEP_AT_MOST = 4096  # boxes; a district has dozens a year


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
    public_key: bytes | None = None  # the election key ballots are sealed with (None: none)

    def may_vote(self) -> bool:
        return self.entry_id is not None and self.eligible


async def standing(box_id: int, user_id: int, day: dt.date) -> Standing | None:
    """None when there is no such box."""
    rows = await sql.fetch(_PERSON, box_id, user_id)
    return await _standing(box_id, rows[0], day) if rows else None


async def standings(asked: list[tuple[int, int]], day: dt.date) -> list[Standing | None]:
    """`standing` of each (box id, account id) pair, in one query (PostgreSQL only)."""
    rows = await sql.fetch(_PEOPLE, [box for box, _user in asked], [user for _box, user in asked])
    found = {row["n"]: row for row in rows}
    return [
        await _standing(box, found[n], day) if n in found else None
        for n, (box, _user) in enumerate(asked, start=1)
    ]


async def _standing(box_id: int, person: dict[str, Any], day: dt.date) -> Standing:
    phase = Phase(person["phase"])
    rules = await _rules(box_id, phase, person["updated_at"])
    return Standing(
        box_id=box_id,
        process_id=person["process_id"],
        phase=phase,
        limits=rules.limits,
        costs=rules.costs,
        session_version=person["session_version"],
        entry_id=person["entry_id"],
        eligible=_eligible(person, rules, day),
        public_key=bytes(person["public_key"]) if person["public_key"] is not None else None,
    )


async def _rules(box_id: int, phase: Phase, process_version: object) -> BoxRules:
    kept = _frozen_rules.get(box_id)
    if kept is not None and kept[0] == process_version:
        return kept[1]
    rows = await sql.fetch(_RULES, box_id)
    first = rows[0]
    rules = BoxRules(
        limits=_limits(first),
        costs={row["proposal_id"]: _cost(first, row) for row in rows if row["proposal_id"]},
        has_headings=bool(first["has_headings"]),
    )
    if frozen_in(phase):
        if len(_frozen_rules) >= _KEEP_AT_MOST:
            _frozen_rules.clear()
        _frozen_rules[box_id] = (process_version, rules)
    return rules


def _limits(row: dict[str, Any]) -> BallotLimits:
    return BallotLimits(
        method=VotingMethod(row["voting_method"]),
        budget_fen=row["budget_fen"],
        min_picks=row["min_picks"],
        max_picks=row["max_picks"],
        points_total=row["points_total"],
        points_per_project=row["points_per_project"],
        knapsack_min_share=row["knapsack_min_share"],
    )


def _cost(process: dict[str, Any], proposal: dict[str, Any]) -> int:
    return subsidy_of(
        process["subsidy_ratio"],
        process["subsidy_cap_fen"],
        proposal["requested_subsidy_fen"],
        proposal["reviewed_cost_fen"] or proposal["total_cost_fen"],
    )


def _eligible(row: dict[str, Any], rules: BoxRules, day: dt.date) -> bool:
    """`residents.eligibility.box_refusal`, the rule paper ballots pass too."""
    if row["entry_id"] is None:
        return False
    birth_date = row["birth_date"]
    if isinstance(birth_date, str):  # SQLite hands dates back as text
        birth_date = dt.date.fromisoformat(birth_date)
    refusal = box_refusal(
        row["entry_path"],
        birth_date,
        row["process_path"],
        row["min_voter_age"],
        row["box_path"],
        row["heading_id"] is not None,
        rules.has_headings,
        day,
    )
    return refusal is None
