"""Writes of reach. ``notify`` is what every event calls, inside the event's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core import audit, clock
from core.i18n import gettext as _
from core.models import User
from core.principal import Principal
from core.refusals import Refused
from notify.kinds import ALWAYS_ON_SITE, Channel, Kind
from notify.models import Delivery, DeliveryState, Message, Preference

# The channels a person chooses between on the preferences page (WeChat once it is wired).
CHOOSABLE = (Channel.SITE, Channel.SMS, Channel.EMAIL)


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
    Returns how many messages were written. A person who turned a kind's in-site
    notice off still finds the message in the inbox, already read (no unread badge).
    """
    users = sorted(set(recipients))
    written = 0
    async with in_transaction():
        client = connections.get("default")
        postgres = client.capabilities.dialect == "postgres"
        # In chunks: a vote opening tells a whole district (100,000 people) at once.
        for start in range(0, len(users), CHUNK):
            chunk = users[start : start + CHUNK]
            if postgres:
                written += await _insert_pg(client, chunk, note, dedupe_key)
            else:
                written += await _insert(chunk, note, dedupe_key)
        if written:
            await _wake_workers()
    return written


CHUNK = 20_000

# One statement per chunk, the ids as one array parameter; the unique (user, dedupe_key)
# constraint skips those already told (NULL keys never conflict).
_INSERT_PG = """
WITH written AS (
    INSERT INTO notify_message (user_id, kind, title, body, link, created_at, dedupe_key,
                                read_at)
    SELECT u, $2::text, $3, $4, $5, now(), $6, (
        SELECT now() FROM notify_preference p
        WHERE p.user_id = u AND p.kind = $2::text AND p.channel = 'site' AND NOT p.enabled
    )
    FROM unnest($1::int[]) AS u
    ON CONFLICT (user_id, dedupe_key) DO NOTHING
    RETURNING 1
)
SELECT count(*) AS n FROM written
"""


async def _insert_pg(
    client: BaseDBAsyncClient, users: list[int], note: Note, dedupe_key: str | None
) -> int:
    values = [users, note.kind.value, note.title[:120], note.body, note.link, dedupe_key]
    [row] = await client.execute_query_dict(_INSERT_PG, values)
    return int(row["n"])


async def _insert(users: list[int], note: Note, dedupe_key: str | None) -> int:
    if dedupe_key is not None:
        told = set(
            await Message.filter(user_id__in=users, dedupe_key=dedupe_key).values_list(
                "user_id", flat=True
            )
        )
        users = [u for u in users if u not in told]
    muted = set(
        await Preference.filter(
            user_id__in=users, kind=note.kind, channel=Channel.SITE, enabled=False
        ).values_list("user_id", flat=True)
    )
    now = clock.now()
    await Message.bulk_create(
        [
            Message(
                user_id=user_id,
                kind=note.kind,
                title=note.title[:120],
                body=note.body,
                link=note.link,
                dedupe_key=dedupe_key,
                read_at=now if user_id in muted else None,
            )
            for user_id in users
        ],
        batch_size=100,  # SQLite allows 999 parameters a statement in older builds
    )
    return len(users)


async def _wake_workers() -> None:
    """On PostgreSQL, tell the workers there is mail. NOTIFY inside a transaction is
    delivered only when it commits (never for a rolled-back event), so the worker's
    round runs after the message is there to read (``notify.queue``)."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        await client.execute_query("SELECT pg_notify('yishi_outbox', '')")


async def message_open(user_id: int, message_id: int) -> Message | None:
    """The person's own message, marked read; None if it is not theirs."""
    message = await Message.get_or_none(id=message_id, user_id=user_id)
    if message is not None and message.read_at is None:
        await Message.filter(id=message.id, read_at__isnull=True).update(read_at=clock.now())
    return message


async def messages_read_all(user_id: int) -> int:
    return await Message.filter(user_id=user_id, read_at__isnull=True).update(read_at=clock.now())


async def preferences_save(
    user_id: int, choices: set[tuple[Kind, Channel]], email: str | None
) -> None:
    """Store every kind × channel (ticked or not) and the e-mail address, at once."""
    async with in_transaction():
        await Preference.filter(user_id=user_id).delete()
        await Preference.bulk_create(
            [
                Preference(
                    user_id=user_id,
                    kind=kind,
                    channel=channel,
                    enabled=(kind, channel) in choices or _fixed(kind, channel),
                )
                for kind in Kind
                for channel in CHOOSABLE
            ]
        )
        await User.filter(id=user_id).update(email=email)


def _fixed(kind: Kind, channel: Channel) -> bool:
    return channel == Channel.SITE and kind in ALWAYS_ON_SITE


async def email_unsubscribe(user_id: int, kind: Kind) -> None:
    """Turn ``kind``'s e-mail off (the link in the e-mail; no sign-in needed)."""
    await Preference.update_or_create(
        defaults={"enabled": False}, user_id=user_id, kind=kind, channel=Channel.EMAIL
    )


async def delivery_resend(actor: Principal, delivery_id: int) -> Delivery:
    """An admin sends a failed delivery again: back to PENDING, due now, attempts reset."""
    async with in_transaction():
        delivery = await Delivery.filter(id=delivery_id).select_for_update().first()
        if delivery is None:
            raise Refused(_("没有这条投递记录。"))
        if delivery.state != DeliveryState.FAILED:
            raise Refused(_("只有失败的投递可以重发。"))
        before = {"state": delivery.state.value, "last_error": delivery.last_error}
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = clock.now()
        delivery.claimed_at = None
        await delivery.save(update_fields=["state", "attempts", "next_attempt_at", "claimed_at"])
        await audit.record(
            actor,
            "delivery.resend",
            ("delivery", delivery.id),
            f"重发通知投递 #{delivery.id}（{delivery.channel.value}）",
            before=before,
            after={"state": delivery.state.value},
        )
    return delivery
