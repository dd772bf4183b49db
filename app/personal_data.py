"""In-site messages in "我的数据": notify's tables, collected and erased from the app layer
(which may import notify) until notify registers its own."""

from __future__ import annotations

from typing import Any

from notify.models import Delivery, Message, Preference


async def message_rows(user_id: int) -> list[dict[str, Any]]:
    rows = await Message.filter(user_id=user_id).order_by("id")
    return [
        {
            "kind": m.kind,
            "title": m.title,
            "body": m.body,
            "link": m.link,
            "created_at": m.created_at,
            "read_at": m.read_at,
        }
        for m in rows
    ]


async def messages_erase(user_id: int) -> None:
    """Messages were only ever the person's own: they go, with their deliveries."""
    ids = await Message.filter(user_id=user_id).values_list("id", flat=True)
    await Delivery.filter(message_id__in=list(ids)).delete()
    await Message.filter(user_id=user_id).delete()
    await Preference.filter(user_id=user_id).delete()
