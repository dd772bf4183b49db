"""Who sees what: per-area permissions, the masked public list and API, its filters."""

from __future__ import annotations

import datetime as dt

import httpx
from letter_factories import NEIGHBOUR, STREET, VILLAGE, make_letter, make_official, make_writer
from support import login

from core.models import Area
from letters.models import LetterKind, LetterReply, LetterStatus

PRIVATE_TEXT = "我家的事请保密，联系 13912345678，身份证 370104198001011234。"


async def test_an_official_of_another_village_sees_nothing_of_a_private_letter(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_official(areas[VILLAGE], "13800000011")
    await make_official(areas[NEIGHBOUR], "13800000013")
    letter = await make_letter(
        writer, areas[VILLAGE], text=PRIVATE_TEXT, status=LetterStatus.ACCEPTED
    )
    for who in ("13800000013", None):
        if who:
            await login(client, who)
        else:
            await client.post("/logout")
            client.cookies.clear()
        assert (await client.get(f"/letters/{letter.id}")).status_code == 404
        listed = await client.get("/letters")
        assert PRIVATE_TEXT[:8] not in listed.text
        if who:
            desk = await client.get("/desk/letters")
            assert f"/letters/{letter.id}" not in desk.text
    # The village's official sees all of it, with the writer's contact.
    await login(client, "13800000011")
    page = await client.get(f"/letters/{letter.id}")
    assert PRIVATE_TEXT in page.text and writer.mobile in page.text
    assert page.headers["cache-control"] == "private, no-store"


async def test_the_public_sees_a_masked_letter_and_never_the_contact(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    letter = await make_letter(
        writer,
        areas[VILLAGE],
        subject="电话 13912345678 打不通",
        text=PRIVATE_TEXT,
        is_public=True,
        show_name=True,
        status=LetterStatus.REPLIED,
    )
    await LetterReply.create(letter=letter, text="已联系处理。", office="吴家堡村")
    for url in ("/letters", f"/letters/{letter.id}"):
        page = (await client.get(url)).text
        assert "张**" in page and "张桂兰" not in page
        assert "139****5678" in page and "13912345678" not in page
        assert "370*************34" in page and "370104198001011234" not in page
        assert writer.mobile not in page
        assert "已联系处理。" in page
    api = (await client.get("/api/v1/letters")).json()
    assert api["total"] == 1
    item = api["items"][0]
    assert item["writer"] == "张**" and "13912345678" not in str(item)
    assert writer.mobile not in str(api)
    # Anonymous when the writer did not allow the name.
    letter.show_name = False
    await letter.save()
    assert (await client.get("/api/v1/letters")).json()["items"][0]["writer"] is None


async def test_new_and_declined_letters_are_not_published(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_letter(writer, areas[VILLAGE], is_public=True, subject="刚写的信")
    await make_letter(
        writer, areas[VILLAGE], is_public=True, subject="不予受理的信", status=LetterStatus.DECLINED
    )
    page = (await client.get("/letters")).text
    assert "刚写的信" not in page and "不予受理的信" not in page
    assert (await client.get("/api/v1/letters")).json()["total"] == 0


async def test_filters_by_area_kind_status_and_month(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    shown = {"is_public": True, "status": LetterStatus.ACCEPTED}
    await make_letter(writer, areas[VILLAGE], subject="甲村求助", **shown)
    await make_letter(
        writer, areas[NEIGHBOUR], subject="乙村建议", kind=LetterKind.SUGGEST, **shown
    )
    await make_letter(
        writer,
        areas["370104100201"],
        subject="镇上旧信",
        received=dt.date(2026, 3, 2),
        **{**shown, "status": LetterStatus.REPLIED},
    )

    async def subjects(query: str) -> set[str]:
        data = (await client.get(f"/api/v1/letters?{query}")).json()
        page = (await client.get(f"/letters?{query}")).text
        found = {item["subject"] for item in data["items"]}
        assert all(s in page for s in found)
        return found

    assert await subjects(f"area={STREET}") == {"甲村求助", "乙村建议"}
    assert await subjects(f"area={NEIGHBOUR}") == {"乙村建议"}
    assert await subjects("kind=suggest") == {"乙村建议"}
    assert await subjects("status=replied") == {"镇上旧信"}
    assert await subjects("month=2026-03") == {"镇上旧信"}
    for query in ("kind=nonsense", "kind=", "month=", "area=", "status=new", "month=2026-3"):
        assert (await client.get(f"/api/v1/letters?{query}")).status_code == 400, query
    assert (await client.get("/api/v1/letters?area=999999999999")).status_code == 404
