"""The demo step: letters in every state of their handling, every page of them answering."""

from __future__ import annotations

import httpx

from core.demo import create_demo_people
from core.models import Area, User
from letters import demo
from letters.models import EventKind, Extension, Letter, LetterEvent, LetterStatus
from notify.models import Message


async def test_demo_letters_in_every_state(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await create_demo_people(areas)
    lines = await demo.load()
    assert any("/letters" in line for line in lines)
    letters = await Letter.all()
    assert {x.status for x in letters} == set(LetterStatus)
    assert any(x.transfers for x in letters)
    assert any(x.extension == Extension.APPROVED for x in letters)
    assert any(x.rating for x in letters)
    assert any(x.reopened_at for x in letters)
    assert any(not x.is_public for x in letters)
    escalated = await LetterEvent.filter(kind=EventKind.ESCALATED).count()
    assert escalated == 1 and await Message.filter(title__contains="督办").exists()
    assert not await User.filter(roles__role="resident", mobile_verified_at=None).exists()
    for path in ("/letters", "/letters/stats", "/letters/stats.csv", "/api/v1/letters"):
        assert (await client.get(path)).status_code == 200, path
    assert (await demo.load()) == ["领导信箱演示数据已存在，未重复载入。"]
