"""A voter's first online ballot in a box, on PostgreSQL, as one statement.

Casting is the one write that a whole village does in the same evening, so its common case
costs one round trip instead of a transaction of six ORM statements. The statement does what
`services.ballot_cast` does for a first ballot, atomically: the voter mark (the unique
constraint still decides who was first), the ballot, its marks, the roster's "voted" flag.
If the voter already holds a mark in this box (a replacement, or a paper ballot), the mark
insert does nothing, so nothing else is written and the caller takes the locked, general
path. SQLite, a development database, always takes that path.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from tortoise import connections

_FIRST_CAST = """
WITH mark AS (
    INSERT INTO voter_mark (box_id, entry_id, channel) VALUES ($1, $2, 'online')
    ON CONFLICT (box_id, entry_id) DO NOTHING RETURNING id
), ballot AS (
    INSERT INTO ballot (id, box_id, voter_key, receipt_hash, channel, cast_on)
    SELECT $3, $1, $4, $5, 'online', $6 FROM mark RETURNING id
), marks AS (
    INSERT INTO ballot_mark (ballot_id, proposal_id, value)
    SELECT ballot.id, chosen.proposal_id, chosen.value
    FROM ballot, unnest($7::integer[], $8::integer[]) AS chosen (proposal_id, value)
), voted AS (
    UPDATE roster_entry SET voted = TRUE WHERE id = $2 AND EXISTS (SELECT 1 FROM ballot)
)
SELECT count(*) AS written FROM ballot
"""


def available() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


async def first_cast(*, box_id: int, entry_id: int, voter_key: str, receipt_hash: str,
                     cast_on: dt.date, marks: Mapping[int, int]) -> bool:
    """Write the ballot if this is the voter's first in the box; False if it is not."""
    chosen = sorted((p, v) for p, v in marks.items() if v > 0)
    _count, rows = await connections.get("default").execute_query(_FIRST_CAST, [
        box_id, entry_id, uuid.uuid4(), voter_key, receipt_hash, cast_on,
        [p for p, _v in chosen], [v for _p, v in chosen],
    ])
    return bool(rows[0]["written"])
