"""The outbox: a notification lands with its event or not at all, and once per key."""

from __future__ import annotations

import pytest
from support import make_user
from tortoise.transactions import in_transaction

from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message
from notify.services import Note, notify

NOTE = Note(Kind.VOTE_OPENED, "投票开始了", "「2027年度项目」开始投票。", "/processes/1/vote")


async def test_a_message_lands_once_per_person_and_key(areas: dict[str, Area]) -> None:
    village = areas["370104013201"]
    a = await make_user("13900000011", Role.RESIDENT, home=village)
    b = await make_user("13900000012", Role.RESIDENT, home=village)
    assert await notify([a.id, b.id, a.id], NOTE, dedupe_key="vote:1") == 2
    assert await notify([a.id, b.id], NOTE, dedupe_key="vote:1") == 0
    assert await Message.filter(user_id=a.id).count() == 1
    message = await Message.get(user_id=b.id)
    assert (message.title, message.link, message.dispatched_at) == (NOTE.title, NOTE.link, None)


async def test_a_message_is_gone_with_the_event_that_failed(areas: dict[str, Area]) -> None:
    person = await make_user("13900000013", Role.RESIDENT, home=areas["370104013201"])
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await notify([person.id], NOTE)
            raise RuntimeError("the event's own write failed")
    assert not await Message.filter(user_id=person.id).exists()
