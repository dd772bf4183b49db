"""Telling a whole area at once: one ``INSERT … SELECT`` for everyone an audience names.

A vote opening in a district reaches every verified resident, 100,000 people or more; one
statement writes all their messages in the event's transaction, with no row travelling to
Python and back (benchmarks/notify_bulk.py). Who is in the audience is a SELECT written by
the package that knows (``residents.audience``, ``votes.notices``); notify knows only that
it yields a ``user_id`` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from core import clock, sql
from notify.services import Note

_PARAMETER = re.compile(r"\$(\d+)")


@dataclass(frozen=True)
class Audience:
    """A SELECT with a ``user_id`` column (each person once) in ``$1``-style parameters."""

    sql: str
    params: tuple[Any, ...] = ()

    def narrowed(self, condition: str, *params: Any) -> Audience:
        """Those of the audience (as ``who``) for whom ``condition`` holds; the condition's
        own parameters are numbered from ``$1`` and shifted after the audience's."""
        shift = len(self.params)
        condition = _PARAMETER.sub(lambda m: f"${int(m[1]) + shift}", condition)
        return Audience(
            f"SELECT who.* FROM ({self.sql}) who WHERE {condition}", (*self.params, *params)
        )


# ON CONFLICT on the (user_id, dedupe_key) unique key: whoever already holds the message is
# skipped by the database itself, so a re-run (or two at once) tells no one twice. SQLite
# needs the WHERE before ON CONFLICT to parse an INSERT … SELECT with an upsert clause.
_INSERT = """
INSERT INTO notify_message (user_id, kind, title, body, link, created_at, dedupe_key)
SELECT audience.user_id, ${kind}, ${title}, ${body}, ${link}, {now}, ${key}
FROM ({audience}) audience
WHERE audience.user_id IS NOT NULL
ON CONFLICT (user_id, dedupe_key) DO NOTHING
"""


def _instant(n: int) -> str:
    """Parameter ``n`` as a timestamp: PostgreSQL types a bare parameter in a SELECT list as
    text, which a timestamptz column refuses; SQLite stores the text Tortoise would."""
    if connections.get("default").capabilities.dialect == "sqlite":
        return f"${n}"
    return f"CAST(${n} AS TIMESTAMPTZ)"


async def notify_audience(audience: Audience, note: Note, *, dedupe_key: str) -> int:
    """Put ``note`` in the outbox of everyone in ``audience``, once per ``dedupe_key``.

    Call it inside the event's transaction, like ``notify``. Returns how many messages were
    written (those already told are not counted)."""
    n = len(audience.params)
    text = _INSERT.format(
        audience=audience.sql,
        kind=n + 1,
        title=n + 2,
        body=n + 3,
        link=n + 4,
        now=_instant(n + 5),
        key=n + 6,
    )
    return await sql.execute(
        text,
        *audience.params,
        note.kind.value,
        note.title[:120],
        note.body,
        note.link,
        clock.now(),
        dedupe_key,
    )
