"""The delivery worker's steps: fan messages out into deliveries, then deliver what is due.

Exactly-once, as far as a provider lets anyone have it. A delivery is *claimed* by one
conditional UPDATE (PENDING → SENDING, committed) before the provider is called, so two
workers never send the same delivery, and its outcome is committed right after the answer.
The one window left is a worker dying after the provider accepted and before SENT was
committed (or a timeout with no answer). Yishi chooses **at most once** there: a claim
older than ``DELIVERY_LEASE_SECONDS`` is never sent again on its own but marked FAILED as
*uncertain*, for an admin to check and resend (``/admin/deliveries``). A second SMS cannot
be taken back; a missing one can be resent, and the in-site message is always there. The
delivery id travels to the provider (Alibaba ``OutId``, Tencent ``SessionContext``, the
e-mail's ``Message-ID`` and ``X-Yishi-Delivery``) so an admin can look it up there.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import aiosmtplib
import httpx
from tortoise import connections
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import clock, settings
from core.i18n import gettext as _
from core.models import User
from notify.channels import email
from notify.kinds import DEFAULT_CHANNELS, Channel, Kind
from notify.models import Delivery, DeliveryState, Message, Preference
from notify.sms import Sms, gateway
from notify.tokens import unsubscribe_url

log = logging.getLogger(__name__)

OUTWARD = (Channel.SMS, Channel.EMAIL)  # the site channel is the message itself
FAN_OUT_BATCH = 2_000
DELIVER_BATCH = 100
# What an SMS ends with: the opt-out wording China's carriers require of notification SMS.
SMS_OPT_OUT = "回T退订"


class Uncertain(Exception):
    """The request reached the provider but its answer did not reach us."""


def wants(
    prefs: dict[tuple[int, str, str], bool], user_id: int, kind: Kind, channel: Channel
) -> bool:
    chosen = prefs.get((user_id, kind.value, channel.value))
    return chosen if chosen is not None else channel in DEFAULT_CHANNELS[kind]


def address_of(user: dict[str, Any], channel: Channel) -> tuple[str, str]:
    """(address, why there is none). SMS go only to a number proven by a code."""
    if channel == Channel.SMS:
        if user["mobile"] and user["mobile_verified_at"] is not None:
            return user["mobile"], ""
        return "", _("手机号未经验证码验证")
    if not user["email"]:
        return "", _("未填写电子邮箱")
    if not email.configured():
        return "", _("未配置邮件服务器")
    return user["email"], ""


def _now() -> dt.datetime:
    """Now, in the zone Tortoise stores datetimes in: SQLite compares them as text, so a
    filter's value must carry the same offset as the stored ones (+08:00)."""
    return clock.now().astimezone(clock.CHINA)


def _is_postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


Row = tuple[int, Channel, str, DeliveryState, str]  # message, channel, address, state, why


async def fan_out(*, limit: int = FAN_OUT_BATCH) -> int:
    """One delivery per outward channel the person wants for each undispatched message."""
    now = _now()
    async with in_transaction():
        query = Message.filter(dispatched_at__isnull=True).order_by("id").limit(limit)
        if _is_postgres():  # several workers take disjoint batches
            query = query.select_for_update(skip_locked=True)
        messages = await query.values_list("id", "user_id", "kind")
        if not messages:
            return 0
        people = {user_id for _id, user_id, _kind in messages}
        users = {
            u["id"]: u
            for u in await User.filter(id__in=people).values(
                "id", "mobile", "mobile_verified_at", "email"
            )
        }
        prefs = {
            (user_id, str(kind), str(channel)): enabled
            for user_id, kind, channel, enabled in await Preference.filter(
                user_id__in=people
            ).values_list("user_id", "kind", "channel", "enabled")
        }
        rows: list[Row] = []
        for message_id, user_id, kind in messages:
            for channel in OUTWARD:
                if wants(prefs, user_id, Kind(kind), channel):
                    address, why_not = address_of(users[user_id], channel)
                    state = DeliveryState.PENDING if address else DeliveryState.SKIPPED
                    rows.append((message_id, channel, address, state, why_not))
        await _insert_deliveries(rows, now)
        await Message.filter(id__in=[m[0] for m in messages]).update(dispatched_at=now)
    return len(messages)


# The deliveries of a batch in one statement, as arrays; a message fanned out before (by a
# worker that died before marking it) keeps its rows.
_INSERT_PG = """
INSERT INTO notify_delivery (message_id, channel, address, state, last_error, attempts,
                             next_attempt_at, provider_ref, created_at)
SELECT m, c, a, s, e, 0, $6, '', now()
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(m, c, a, s, e)
ON CONFLICT (message_id, channel) DO NOTHING
"""


async def _insert_deliveries(rows: list[Row], now: dt.datetime) -> None:
    if not rows:
        return
    if _is_postgres():
        columns = [list(column) for column in zip(*rows, strict=True)]
        columns[1] = [c.value for c in columns[1]]
        columns[3] = [s.value for s in columns[3]]
        await connections.get("default").execute_query(_INSERT_PG, [*columns, now])
        return
    await Delivery.bulk_create(
        [
            Delivery(
                message_id=message_id,
                channel=channel,
                address=address,
                state=state,
                last_error=why_not,
                next_attempt_at=now,
            )
            for message_id, channel, address, state, why_not in rows
        ],
        batch_size=100,
        ignore_conflicts=True,
    )


def quiet_until(moment: dt.datetime) -> dt.datetime | None:
    """The end of the SMS quiet hours (China time) if ``moment`` falls in them."""
    local = moment.astimezone(clock.CHINA)
    start, end = settings.SMS_QUIET_START, settings.SMS_QUIET_END
    if not (local.hour >= start or local.hour < end):
        return None
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if local.hour >= start:
        morning += dt.timedelta(days=1)
    return morning


def per_minute(channel: Channel) -> int:
    return settings.SMS_PER_MINUTE if channel == Channel.SMS else settings.EMAIL_PER_MINUTE


async def _room(channel: Channel, now: dt.datetime) -> int:
    """Sends left this minute on ``channel``, counted over every worker's claims."""
    recent = await Delivery.filter(
        channel=channel, claimed_at__gt=now - dt.timedelta(minutes=1)
    ).count()
    return max(0, per_minute(channel) - recent)


async def expire_stale_claims() -> int:
    """SENDING past the lease: its worker died mid-call. Uncertain, never sent again here."""
    cutoff = _now() - dt.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    return await Delivery.filter(state=DeliveryState.SENDING, claimed_at__lt=cutoff).update(
        state=DeliveryState.FAILED, last_error=UNCERTAIN_TEXT
    )


UNCERTAIN_TEXT = "结果不明：发送时工作进程中断或服务商未答复，可能已送达，请核实后再重发"


async def deliver_due(*, limit: int = DELIVER_BATCH) -> int:
    """Send the deliveries whose time has come, within quiet hours and rate limits."""
    now = _now()
    sent = 0
    for channel in OUTWARD:
        due = Delivery.filter(
            channel=channel, state=DeliveryState.PENDING, next_attempt_at__lte=now
        )
        if channel == Channel.SMS and (morning := quiet_until(now)) is not None:
            await due.update(next_attempt_at=morning)
            continue
        room = min(limit, await _room(channel, now))
        for delivery in await due.order_by("next_attempt_at", "id").limit(room):
            if await _claim(delivery, now):
                sent += await _attempt(delivery)
    return sent


async def _claim(delivery: Delivery, now: dt.datetime) -> bool:
    """PENDING → SENDING, committed before the provider hears of it; False if taken."""
    taken = await Delivery.filter(id=delivery.id, state=DeliveryState.PENDING).update(
        state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    delivery.attempts += 1
    return taken == 1


async def _attempt(delivery: Delivery) -> int:
    message = await Message.get(id=delivery.message_id)
    try:
        ref = await _send(delivery, message)
    except Exception as exc:
        log.warning("delivery %s on %s failed: %r", delivery.id, delivery.channel, exc)
        await _failed(delivery, exc)
        return 0
    await Delivery.filter(id=delivery.id, state=DeliveryState.SENDING).update(
        state=DeliveryState.SENT, sent_at=_now(), provider_ref=ref[:120], last_error=""
    )
    return 1


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next try after ``attempts`` tries: 1, 2, 4, 8 … × the base."""
    return dt.timedelta(seconds=settings.DELIVERY_BACKOFF_SECONDS * 2 ** (attempts - 1))


async def _failed(delivery: Delivery, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:255]
    if isinstance(exc, Uncertain):
        state, error = DeliveryState.FAILED, f"{UNCERTAIN_TEXT}（{exc}）"[:255]
    elif delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
        state = DeliveryState.FAILED
    else:
        state = DeliveryState.PENDING
    await Delivery.filter(id=delivery.id, state=DeliveryState.SENDING).update(
        state=state, last_error=error, next_attempt_at=_now() + backoff(delivery.attempts)
    )


def reference(delivery: Delivery) -> str:
    """Yishi's id of one delivery, handed to the provider."""
    return f"yishi-{delivery.id}"


async def _send(delivery: Delivery, message: Message) -> str:
    link = f"{settings.SITE_URL}{message.link}"
    if delivery.channel == Channel.SMS:
        sms = Sms(
            to=delivery.address,
            template=message.kind.value,
            params={"title": message.title, "link": link},
            text=f"{message.title}：{link} {SMS_OPT_OUT}",
            ref=reference(delivery),
        )
        try:
            return await gateway().send(sms)
        except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteTimeout) as exc:
            raise Uncertain(type(exc).__name__) from exc
    mail = email.Mail(
        to=delivery.address,
        subject=message.title,
        text=message.body,
        link=link,
        unsubscribe=unsubscribe_url(message.user_id, message.kind),
        ref=reference(delivery),
    )
    try:
        return await email.send(mail)
    except (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPConnectError):
        raise  # the server refused, or was never reached: nothing was delivered, retry
    except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError) as exc:
        raise Uncertain(type(exc).__name__) from exc


async def run_round() -> int:
    """One pass of the worker: fan out, settle dead claims, deliver. Safe to run anywhere,
    any number of times, in any number of processes at once."""
    while await fan_out() == FAN_OUT_BATCH:
        pass
    await expire_stale_claims()
    return await deliver_due()
