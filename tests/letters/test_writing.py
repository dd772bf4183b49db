"""Writing a letter: a proven phone, the daily limit, the near-identical hint, the desk."""

from __future__ import annotations

import httpx
import pytest
from letter_factories import PNG, VILLAGE, make_official, make_writer
from support import login, make_user, post

from core import settings
from core.clock import today
from core.models import Area, AuditEntry, Role
from letters.deadlines import add_working_days
from letters.models import Letter, LetterFile
from notify.models import Message

FORM = {
    "kind": "help",
    "area": VILLAGE,
    "subject": "村东头路灯坏了",
    "text": "村东头三盏路灯坏了快一个月，晚上很危险，请尽快修理。",
    "is_public": "1",
}


async def test_writing_needs_a_proven_phone(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    page = await client.get("/letters/write")
    assert "请先验证手机号码" in page.text
    response = await post(client, "/letters/write", FORM)
    assert response.status_code == 400
    assert "请先验证手机号码" in response.text
    assert await Letter.all().count() == 0


async def test_a_letter_lands_on_the_desk_of_its_village(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_writer(areas[VILLAGE])
    village = await make_official(areas[VILLAGE], "13800000011")
    street = await make_official(areas["370104013000"], "13800000012")
    await login(client, "13900000001")
    response = await post(
        client, "/letters/write", FORM, files={"files": ("路灯.png", PNG, "image/png")}
    )
    assert response.status_code == 303, response.text
    letter = await Letter.get()
    assert response.headers["location"] == f"/letters/{letter.id}"
    assert letter.received_on == today()
    assert letter.accept_due == add_working_days(today(), 2).day
    assert letter.reply_due == add_working_days(today(), 15).day
    assert letter.is_public and not letter.show_name
    assert await LetterFile.filter(letter=letter).count() == 1
    # The village's own officials are told, not the street's (they supervise when late).
    told = await Message.filter(link=f"/letters/{letter.id}").values_list("user_id", flat=True)
    assert told == [village.id] and street.id not in told
    assert await AuditEntry.filter(action="letter.write", target_id=str(letter.id)).exists()
    # The writer's own page shows the whole letter and the attachment.
    page = await client.get(f"/letters/{letter.id}")
    assert FORM["text"] in page.text and "路灯.png" in page.text
    for mine in ("/letters/mine", "/me"):
        assert f'href="/letters/{letter.id}"' in (await client.get(mine)).text


async def test_daily_limit_and_near_identical_letters(
    client: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LETTERS_PER_DAY", 2)
    await make_writer(areas[VILLAGE])
    await make_official(areas[VILLAGE], "13800000011")
    await login(client, "13900000001")
    assert (await post(client, "/letters/write", FORM)).status_code == 303
    again = {**FORM, "text": FORM["text"].replace("请尽快修理", "请尽快修理！")}
    assert (await post(client, "/letters/write", again)).status_code == 303
    first, second = await Letter.all().order_by("id")
    assert first.similar_to_id is None and second.similar_to_id == first.id
    refused = await post(client, "/letters/write", {**FORM, "subject": "另一件事"})
    assert refused.status_code == 400
    assert "每人每天最多写 2 封信" in refused.text
    assert "另一件事" in refused.text  # what was typed is kept
    assert await Letter.all().count() == 2
    # The handler is pointed to the earlier letter.
    await login(client, "13800000011")
    page = await client.get(f"/letters/{second.id}")
    assert f'href="/letters/{first.id}"' in page.text and "几乎相同" in page.text


async def test_bad_input_gets_chinese_messages_and_loses_nothing(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_writer(areas[VILLAGE])
    await login(client, "13900000001")
    response = await post(
        client, "/letters/write", {**FORM, "subject": "", "text": "太短", "area": "370104000000"}
    )
    assert response.status_code == 400
    for message in ("请填写标题", "至少 10 个字", "请选择来信涉及的街道或村/社区"):
        assert message in response.text
    assert await Letter.all().count() == 0
