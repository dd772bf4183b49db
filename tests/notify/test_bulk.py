"""The bulk path: one statement tells everyone an audience names, once per key, and only
with the event that causes it."""

from __future__ import annotations

import datetime as dt

import pytest
from support import make_user, verify_resident
from tortoise.transactions import in_transaction

from core.models import Area, Role
from notify.bulk import Audience, notify_audience
from notify.kinds import Kind
from notify.models import Message
from notify.services import Note
from residents.audience import born_by, verified_residents

NOTE = Note(Kind.VOTE_OPENED, "投票开始了", "「2027年度项目」开始投票。", "/processes/1/vote")


async def test_an_area_is_told_once_per_key_with_the_note_as_given(
    areas: dict[str, Area],
) -> None:
    township = areas["370104013000"]
    a = await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"])
    b = await make_user("13900000012", Role.RESIDENT, home=areas["370104013202"])
    await make_user("13900000013", Role.RESIDENT, home=areas["370104100201"])  # elsewhere
    gone = await make_user("13900000014", Role.RESIDENT, home=areas["370104013203"])
    gone.is_active = False  # a deactivated account hears nothing
    await gone.save()
    audience = verified_residents(township.path)
    assert await notify_audience(audience, NOTE, dedupe_key="vote:1") == 2
    assert await notify_audience(audience, NOTE, dedupe_key="vote:1") == 0
    assert await notify_audience(audience, NOTE, dedupe_key="vote:2") == 2
    message = await Message.get(user_id=a.id, dedupe_key="vote:1")
    assert (message.kind, message.title, message.body, message.link) == (
        NOTE.kind,
        NOTE.title,
        NOTE.body,
        NOTE.link,
    )
    assert message.read_at is None and message.dispatched_at is None
    assert abs(message.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert set(await Message.all().values_list("user_id", flat=True)) == {a.id, b.id}


async def test_a_narrowed_audience_keeps_its_parameters_in_order(areas: dict[str, Area]) -> None:
    a = await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"])
    young = await make_user("13900000012", Role.RESIDENT, home=areas["370104013201"])
    await verify_resident(young, born=dt.date(2010, 6, 1))
    adults = verified_residents(areas["370104000000"].path, min_age=18, day=dt.date(2027, 3, 1))
    not_a: Audience = adults.narrowed("who.user_id <> $1", young.id + 1000)
    assert await notify_audience(not_a, NOTE, dedupe_key="k") == 1
    assert await Message.filter(user_id=a.id).exists()


async def test_nothing_is_told_when_the_event_fails(areas: dict[str, Area]) -> None:
    await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"])
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await notify_audience(verified_residents("/"), NOTE, dedupe_key="vote:1")
            raise RuntimeError("the phase change failed")
    assert not await Message.exists()


def test_born_by_follows_the_birthday_rule() -> None:
    assert born_by(dt.date(2027, 3, 1), 18) == dt.date(2009, 3, 1)
    assert born_by(dt.date(2028, 2, 29), 18) == dt.date(2010, 2, 28)
