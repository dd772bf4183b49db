"""Voters' first online ballots, on PostgreSQL, as one statement for many voters.

Casting is the one write that a whole village does in the same evening, so its common case
costs one statement, shared by the casts that arrive together (`votes.ballots.rush`),
instead of a transaction of six ORM statements each. The statement does what
`services.ballot_cast` does for a first ballot, atomically: the voter mark (its unique
constraint still decides who was first), the sealed ballot, the roster's "voted" flag; it
share-locks the process row and writes nothing once voting has closed (the close waits for
it, or it sees the close), so every sealed ballot is there when the box is opened.
A voter who already holds a mark in the box (a replacement, a paper ballot, or a ballot
through another roster entry of the same ID number: either unique key) gets nothing
written here: the mark insert skips them, so their ballot is not inserted either, and the
caller takes the locked, general path. SQLite, a development database, always takes that.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise import connections

_FIRST_CASTS = """
WITH cast_now AS (
    SELECT * FROM unnest($1::integer[], $2::bigint[], $3::uuid[], $4::text[], $5::text[],
                         $6::bytea[])
        AS c (box_id, entry_id, ballot_id, voter_key, receipt_hash, sealed)
), open_box AS (
    SELECT b.id FROM ballot_box b JOIN process p ON p.id = b.process_id
    WHERE b.id IN (SELECT box_id FROM cast_now) AND p.phase = 'voting'
    FOR SHARE OF p
), mark AS (
    INSERT INTO voter_mark (box_id, entry_id, id_hash, channel)
    SELECT c.box_id, c.entry_id, e.id_hash, 'online'
    FROM cast_now c JOIN roster_entry e ON e.id = c.entry_id
    WHERE c.box_id IN (SELECT id FROM open_box)
    ON CONFLICT DO NOTHING RETURNING box_id, entry_id
), ballot AS (
    INSERT INTO sealed_ballot (id, box_id, voter_key, receipt_hash, sealed)
    SELECT c.ballot_id, c.box_id, c.voter_key, c.receipt_hash, c.sealed
    FROM cast_now c JOIN mark ON mark.box_id = c.box_id AND mark.entry_id = c.entry_id
    RETURNING id
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
    sealed: bytes  # votes.sealing.sealed
    ballot_id: uuid.UUID = field(default_factory=uuid.uuid4)


def available() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


async def first_casts(casts: Sequence[FirstCast]) -> set[uuid.UUID]:
    """Write the ballots that are their voter's first in the box; the ids of those written.
    At most one cast per (box, voter) may be given: a second would break the ballot's
    unique key and with it the whole statement."""
    _count, rows = await connections.get("default").execute_query(
        _FIRST_CASTS,
        [
            [c.box_id for c in casts],
            [c.entry_id for c in casts],
            [c.ballot_id for c in casts],
            [c.voter_key for c in casts],
            [c.receipt_hash for c in casts],
            [c.sealed for c in casts],
        ],
    )
    return {row["id"] for row in rows}
