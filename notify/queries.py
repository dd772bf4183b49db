"""Reads of reach: the inbox, the unread count, preferences, deliveries for admins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count

from core.models import User
from notify.kinds import ALWAYS_ON_SITE, DEFAULT_CHANNELS, Channel, Kind
from notify.models import Delivery, DeliveryState, Message, Preference

INBOX_READ_SHOWN = 50
DELIVERIES_SHOWN = 100


async def unread_count(user_id: int) -> int:
    """One indexed count (user_id, read_at): it runs on every page a signed-in person opens."""
    return await Message.filter(user_id=user_id, read_at__isnull=True).count()


@dataclass(frozen=True)
class Inbox:
    unread: list[Message]
    read: list[Message]


async def inbox(user_id: int) -> Inbox:
    """Unread first (all of them, newest first), then the latest read ones."""
    unread = await Message.filter(user_id=user_id, read_at__isnull=True).order_by("-id")
    read = (
        await Message.filter(user_id=user_id, read_at__isnull=False)
        .order_by("-id")
        .limit(INBOX_READ_SHOWN)
    )
    return Inbox(unread, read)


async def choices(user_id: int) -> dict[tuple[Kind, Channel], bool]:
    """Every kind × channel with what the person gets (their choice, else the default)."""
    chosen = {(p.kind, p.channel): p.enabled for p in await Preference.filter(user_id=user_id)}
    return {
        (kind, channel): (kind in ALWAYS_ON_SITE and channel == Channel.SITE)
        or chosen.get((kind, channel), channel in DEFAULT_CHANNELS[kind])
        for kind in Kind
        for channel in Channel
    }


async def email_of(user_id: int) -> str:
    user = await User.get(id=user_id)
    return user.email or ""


def delivery_filters(params: dict[str, str]) -> dict[str, Any]:
    """The admin page's filters, only values that exist (anything else is ignored)."""
    found: dict[str, Any] = {}
    for name, enum in (("state", DeliveryState), ("channel", Channel)):
        if params.get(name) in {e.value for e in enum}:
            found[name] = enum(params[name])
    if params.get("kind") in {k.value for k in Kind}:
        found["message__kind"] = Kind(params["kind"])
    return found


async def deliveries(filters: dict[str, Any]) -> list[Delivery]:
    return (
        await Delivery.filter(**filters)
        .select_related("message")
        .order_by("-id")
        .limit(DELIVERIES_SHOWN)
    )


async def delivery_counts(filters: dict[str, Any]) -> dict[str, int]:
    """How many deliveries are in each state, under the other filters."""
    others = {k: v for k, v in filters.items() if k != "state"}
    rows = (
        await Delivery.filter(**others)
        .annotate(n=Count("id"))
        .group_by("state")
        .values("state", "n")
    )
    return {str(DeliveryState(row["state"]).value): row["n"] for row in rows}
