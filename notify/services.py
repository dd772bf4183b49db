"""Writes of reach. ``notify`` is what every event calls, inside the event's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from notify.kinds import Kind
from notify.models import Message


@dataclass(frozen=True)
class Note:
    """What to tell: a short title, a plain-text body and the page it is about."""

    kind: Kind
    title: str
    body: str
    link: str


async def notify(recipients: Iterable[int], note: Note, *, dedupe_key: str | None = None) -> int:
    """Put ``note`` in the outbox of each person in ``recipients`` (user ids).

    Call it inside the transaction of the event that causes it: the message lands with the
    event or not at all. Delivery (SMS, e-mail) happens later, in a worker. With a
    ``dedupe_key`` a person already holding a message with that key is not told again.
    Returns how many messages were written.
    """
    users = sorted(set(recipients))
    if not users:
        return 0
    async with in_transaction():
        if dedupe_key is not None:
            told = set(
                await Message.filter(user_id__in=users, dedupe_key=dedupe_key).values_list(
                    "user_id", flat=True
                )
            )
            users = [u for u in users if u not in told]
        await Message.bulk_create(
            [
                Message(
                    user_id=user_id,
                    kind=note.kind,
                    title=note.title[:120],
                    body=note.body,
                    link=note.link,
                    dedupe_key=dedupe_key,
                )
                for user_id in users
            ]
        )
    return len(users)
