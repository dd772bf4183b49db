"""Voters' first online ballots, on PostgreSQL, as one statement for many voters.

Casting is the one write that a whole village does in the same evening, so its common case
costs one statement, shared by the casts that arrive together (`votes.ballots.rush`),
instead of a transaction of six ORM statements each. The statement does what
`services.ballot_cast` does for a first ballot, atomically: the voter mark (its unique
constraint still decides who was first), the ballot, its marks, the roster's "voted" flag.
A voter who already holds a mark in the box (a replacement, a paper ballot, or a ballot
through another roster entry of the same ID number: either unique key) gets nothing
written here: the mark insert skips them, so their ballot is not inserted either, and the
caller takes the locked, general path. SQLite, a development database, always takes that.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tortoise import connections

_FIRST_CASTS = """
WITH cast_now AS (
    SELECT * FROM unnest($1::integer[], $2::bigint[], $3::uuid[], $4::text[], $5::text[],
                         $6::date[])
        AS c (box_id, entry_id, ballot_id, voter_key, receipt_hash, cast_on)
), mark AS (
    INSERT INTO voter_mark (box_id, entry_id, id_hash, channel)
    SELECT c.box_id, c.entry_id, e.id_hash, 'online'
    FROM cast_now c JOIN roster_entry e ON e.id = c.entry_id
    ON CONFLICT DO NOTHING RETURNING box_id, entry_id
), ballot AS (
    INSERT INTO ballot (id, box_id, voter_key, receipt_hash, channel, cast_on)
    SELECT c.ballot_id, c.box_id, c.voter_key, c.receipt_hash, 'online', c.cast_on
    FROM cast_now c JOIN mark ON mark.box_id = c.box_id AND mark.entry_id = c.entry_id
    RETURNING id
), marks AS (
    INSERT INTO ballot_mark (ballot_id, proposal_id, value)
    SELECT chosen.ballot_id, chosen.proposal_id, chosen.value
    FROM unnest($7::uuid[], $8::integer[], $9::integer[])
        AS chosen (ballot_id, proposal_id, value)
    JOIN ballot ON ballot.id = chosen.ballot_id
), voted AS (
    UPDATE roster_entry SET voted = TRUE WHERE id IN (SELECT entry_id FROM mark)
)
SELECT id FROM ballot
"""


@dataclass(frozen=True)
class FirstCast:
    box_id: int
    entry_id: int
    voter_key: str
    receipt_hash: str
    cast_on: dt.date
    marks: Mapping[int, int]
    ballot_id: uuid.UUID = field(default_factory=uuid.uuid4)


def available() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


async def first_casts(casts: Sequence[FirstCast]) -> set[uuid.UUID]:
    """Write the ballots that are their voter's first in the box; the ids of those written.
    At most one cast per (box, voter) may be given: a second would break the ballot's
    unique key and with it the whole statement."""
    chosen = [(c.ballot_id, p, v) for c in casts for p, v in sorted(c.marks.items()) if v > 0]
    _count, rows = await connections.get("default").execute_query(
        _FIRST_CASTS,
        [
            [c.box_id for c in casts],
            [c.entry_id for c in casts],
            [c.ballot_id for c in casts],
            [c.voter_key for c in casts],
            [c.receipt_hash for c in casts],
            [c.cast_on for c in casts],
            [b for b, _p, _v in chosen],
            [p for _b, p, _v in chosen],
            [v for _b, _p, v in chosen],
        ],
    )
    return {row["id"] for row in rows}
