"""Handling: accept, transfer, decline, one extension approved one level up, reply with
attachments, rating and one reopening; every step audited and told to the right people."""

from __future__ import annotations

import datetime as dt
import re

import httpx
from letter_factories import (
    NEIGHBOUR,
    PNG,
    STREET,
    VILLAGE,
    make_letter,
    make_official,
    make_writer,
)
from support import login, post

from core import clock, settings
from core.models import Area, AuditEntry
from letters.deadlines import add_working_days
from letters.models import Extension, Letter, LetterFile, LetterStatus, Rating
from notify.models import Message


async def _told(user_id: int, letter: Letter) -> list[str]:
    return list(
        await Message.filter(user_id=user_id, link=f"/letters/{letter.id}")
        .order_by("id")
        .values_list("title", flat=True)
    )


async def _audited(letter: Letter) -> list[str]:
    return list(
        await AuditEntry.filter(target_type="letter", target_id=str(letter.id))
        .order_by("id")
        .values_list("action", flat=True)
    )


async def test_the_whole_handling_of_a_letter(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    village = await make_official(areas[VILLAGE], "13800000011")
    street = await make_official(areas[STREET], "13800000012")
    letter = await make_letter(writer, areas[VILLAGE], is_public=True)
    path = f"/desk/letters/{letter.id}"

    await login(client, "13800000011")
    assert (await post(client, f"{path}/accept")).status_code == 303
    assert "您的来信已受理" in await _told(writer.id, letter)
    # One extension, asked for by the village, decided one level up (never by the asker).
    assert (
        await post(client, f"{path}/extension", {"extension_reason": "需要区里答复"})
    ).status_code == 303
    assert (
        await post(client, f"{path}/extension/decide", {"decision": "approve"})
    ).status_code == 403
    assert "来信延期申请待审批" in await _told(street.id, letter)
    await login(client, "13800000012")
    before = (await Letter.get(id=letter.id)).reply_due
    assert (
        await post(client, f"{path}/extension/decide", {"decision": "approve"})
    ).status_code == 303
    extended = await Letter.get(id=letter.id)
    assert extended.extension == Extension.APPROVED
    assert extended.reply_due == add_working_days(before, 15).day
    await login(client, "13800000011")
    second = await post(client, f"{path}/extension", {"extension_reason": "还要再延"})
    assert second.status_code == 400  # the form is gone, and the rule holds anyway

    reply = await post(
        client,
        f"{path}/reply",
        {"reply": "已更换三盏路灯。"},
        files={"files": ("完工.png", PNG, "image/png")},
    )
    assert reply.status_code == 303, reply.text
    replied = await Letter.get(id=letter.id)
    assert replied.status == LetterStatus.REPLIED and replied.replied_on_time
    assert replied.reply_working_days == 0
    assert await LetterFile.filter(reply_id__not_isnull=True).count() == 1

    # 不满意 reopens once, with the writer's reason; the handlers hear of it.
    await login(client, "13900000001")
    short = await post(client, f"/letters/{letter.id}/rate", {"rating": "unsatisfied"})
    assert short.status_code == 400 and "至少 5 个字" in short.text
    reopen = {"rating": "unsatisfied", "reason": "只修了一盏，另外两盏还是不亮"}
    assert (await post(client, f"/letters/{letter.id}/rate", reopen)).status_code == 303
    reopened = await Letter.get(id=letter.id)
    assert reopened.status == LetterStatus.ACCEPTED and reopened.reopened_at is not None
    assert reopened.rating is None
    assert "来信人不满意，请再次办理" in await _told(village.id, letter)
    await login(client, "13800000011")
    assert (await post(client, f"{path}/reply", {"reply": "另外两盏已修好。"})).status_code == 303
    # The second 不满意 is recorded, and does not reopen again.
    await login(client, "13900000001")
    again = {"rating": "unsatisfied", "reason": "还是有一盏不亮"}
    assert (await post(client, f"/letters/{letter.id}/rate", again)).status_code == 303
    final = await Letter.get(id=letter.id)
    assert final.status == LetterStatus.REPLIED and final.rating == Rating.UNSATISFIED
    assert (
        await post(client, f"/letters/{letter.id}/rate", {"rating": "satisfied"})
    ).status_code == 400

    assert await _audited(letter) == [
        "letter.accept",
        "letter.extension.request",
        "letter.extension.approve",
        "letter.reply",
        "letter.rate",
        "letter.reopen",
        "letter.reply",
        "letter.rate",
    ]
    page = await client.get(f"/letters/{letter.id}")
    for step in ("受理", "申请延期", "批准延期", "答复", "再次办理", "完工.png"):
        assert step in page.text


async def test_transfer_moves_the_letter_and_its_deadlines(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_official(areas[VILLAGE], "13800000011")
    neighbour = await make_official(areas[NEIGHBOUR], "13800000013")
    letter = await make_letter(writer, areas[VILLAGE])
    await login(client, "13800000011")
    empty = await post(client, f"/desk/letters/{letter.id}/transfer", {"to": NEIGHBOUR})
    assert empty.status_code == 400 and "请填写转办理由" in empty.text
    moved = await post(
        client,
        f"/desk/letters/{letter.id}/transfer",
        {"to": NEIGHBOUR, "transfer_reason": "路灯在前屯村地界"},
    )
    assert moved.status_code == 303
    transferred = await Letter.get(id=letter.id).select_related("area")
    assert transferred.area.code == NEIGHBOUR and transferred.transfers == 1
    assert "转办来信待受理" in await _told(neighbour.id, letter)
    assert "您的来信已转办" in await _told(writer.id, letter)
    # The first village no longer handles it; the neighbour does.
    assert (await client.get(f"/letters/{letter.id}")).status_code == 404
    assert (await post(client, f"/desk/letters/{letter.id}/accept")).status_code == 403
    await login(client, "13800000013")
    assert f"/letters/{letter.id}" in (await client.get("/desk/letters")).text


async def test_decline_only_for_a_listed_reason(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_official(areas[VILLAGE], "13800000011")
    letter = await make_letter(writer, areas[VILLAGE])
    await login(client, "13800000011")
    path = f"/desk/letters/{letter.id}/decline"
    made_up = await post(client, path, {"decline_reason": "不想办"})
    assert made_up.status_code == 400 and "请选择不予受理的理由" in made_up.text
    assert (await post(client, path, {"decline_reason": "litigation"})).status_code == 303
    declined = await Letter.get(id=letter.id)
    assert declined.status == LetterStatus.DECLINED and declined.accepted_on_time
    assert "您的来信不予受理" in await _told(writer.id, letter)
    assert (await post(client, f"/desk/letters/{letter.id}/accept")).status_code == 400


async def test_a_reply_is_rated_by_its_writer_within_the_days_allowed(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_writer(areas[VILLAGE], "13900000002", "刘长海")
    old = clock.now() - dt.timedelta(days=settings.LETTER_RATING_DAYS + 1)
    letter = await make_letter(writer, areas[VILLAGE], status=LetterStatus.REPLIED, replied_at=old)
    await login(client, "13900000002")  # someone else: the letter is not theirs to see
    assert (
        await post(client, f"/letters/{letter.id}/rate", {"rating": "satisfied"})
    ).status_code == 404
    await login(client, "13900000001")
    late = await post(client, f"/letters/{letter.id}/rate", {"rating": "satisfied"})
    assert late.status_code == 400 and "不能再评价" in late.text
    assert (await Letter.get(id=letter.id)).rating is None
    letter.replied_at = clock.now() - dt.timedelta(days=settings.LETTER_RATING_DAYS)
    await letter.save()
    assert (
        await post(client, f"/letters/{letter.id}/rate", {"rating": "basic"})
    ).status_code == 303
    assert (await Letter.get(id=letter.id)).rating == Rating.BASIC


async def test_the_desk_is_sorted_by_deadline(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_official(areas[VILLAGE], "13800000011")
    accepted = {"status": LetterStatus.ACCEPTED}
    to_accept = await make_letter(writer, areas[VILLAGE])  # due in 2 working days
    late = await make_letter(
        writer, areas[VILLAGE], received=clock.today() - dt.timedelta(days=40), **accepted
    )
    to_answer = await make_letter(writer, areas[VILLAGE], **accepted)  # due in 15
    done = await make_letter(writer, areas[VILLAGE], status=LetterStatus.REPLIED)
    await login(client, "13800000011")
    page = (await client.get("/desk/letters")).text
    order = [int(n) for n in re.findall(r'id="desk-(\d+)"', page)]
    assert order == [late.id, to_accept.id, to_answer.id]
    every = (await client.get("/desk/letters?show=all")).text
    assert [int(n) for n in re.findall(r'id="desk-(\d+)"', every)][-1] == done.id
