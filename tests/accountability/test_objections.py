"""Objections (异议) during publicity: who may file, who answers, what the public sees, and
the phase rule — no funding (立项) before publicity ends or while an objection is open."""

from __future__ import annotations

import io

import httpx
import pytest
from accountability_factories import published
from ballot_factories import VILLAGE
from PIL import Image
from support import csrf, login, make_user, post

from accountability.objections.models import Objection, Outcome
from core import settings
from core.models import Area, AuditEntry, Role, User
from notify.kinds import Kind
from notify.models import Message
from projects.models import Phase, Process, Proposal
from projects.publicity import window_of

OTHER_VILLAGE = "370104100201"
REASON = "该项目的村民会议记录与实际到会人数不符，请核实。"


@pytest.fixture
async def in_publicity(areas: dict[str, Area]) -> tuple[Process, list[Proposal]]:
    return await published(areas)


async def _resident(
    client: httpx.AsyncClient, areas: dict[str, Area], village: str = VILLAGE
) -> None:
    await make_user("13900000031", Role.RESIDENT, home=areas[village], name="张三")
    await login(client, "13900000031")


async def _official(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    scope: str = "370104013000",
    mobile: str = "13800000032",
) -> None:
    await make_user(mobile, Role.OFFICIAL, scope=areas[scope], name="李干部")
    await login(client, mobile)


async def _advance(client: httpx.AsyncClient, process: Process) -> httpx.Response:
    if not await User.exists(mobile="13800000001"):
        await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return await post(
        client, f"/admin/processes/{process.id}/phase", {"to": "funded", "confirm": "yes"}
    )


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG")
    return buffer.getvalue()


async def test_a_verified_resident_objects_and_the_public_sees_it_without_a_name(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, proposals = in_publicity
    await _resident(client, areas)
    response = await post(
        client,
        f"/processes/{process.id}/objections",
        {"proposal": str(proposals[0].id), "reason": REASON},
    )
    assert response.status_code == 303
    objection = await Objection.get()
    assert objection.proposal_id == proposals[0].id and objection.is_open  # type: ignore[attr-defined]
    entry = await AuditEntry.get(action="objection.file")
    assert entry.target_id == str(objection.id)
    public = await httpx.AsyncClient(transport=client._transport, base_url="http://testserver").get(
        f"/processes/{process.id}/objections"
    )
    assert REASON in public.text and "待答复" in public.text
    assert "张三" not in public.text and "13900000031" not in public.text
    assert areas[VILLAGE].name in public.text


@pytest.mark.parametrize(
    ("reason", "proposal", "message"),
    [
        ("", "list", "请填写异议理由"),
        ("太短了", "list", "至少 10 个字"),
        ("字" * 2001, "list", "不能超过 2000 个字"),
        (REASON, "999999", "请选择本批次上过选票的项目"),
        (REASON, "abc", "请选择本批次上过选票的项目"),
    ],
)
async def test_bad_objections_are_refused_with_the_text_kept(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    in_publicity: tuple[Process, list],
    reason: str,
    proposal: str,
    message: str,
) -> None:
    process, _proposals = in_publicity
    await _resident(client, areas)
    response = await post(
        client, f"/processes/{process.id}/objections", {"proposal": proposal, "reason": reason}
    )
    assert response.status_code == 400
    assert message in response.text
    if reason and len(reason) < 100:
        assert reason in response.text
    assert not await Objection.exists()


async def test_only_verified_residents_of_the_process_area_may_object(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, _proposals = in_publicity
    anonymous = await client.post(f"/processes/{process.id}/objections", data={"reason": REASON})
    assert anonymous.status_code in (303, 403)  # CSRF or login first; never filed
    await _resident(client, areas, village=OTHER_VILLAGE)
    page = await client.get(f"/processes/{process.id}/objections")
    assert "只有本批次范围内已核验的居民" in page.text
    response = await post(
        client, f"/processes/{process.id}/objections", {"proposal": "list", "reason": REASON}
    )
    assert response.status_code == 400 and "只有本批次范围内已核验的居民" in response.text
    assert not await Objection.exists()


async def test_no_objections_after_the_publicity_window(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await published(areas, publicity_started_days_ago=7)
    await _resident(client, areas)
    response = await post(
        client, f"/processes/{process.id}/objections", {"proposal": "list", "reason": REASON}
    )
    assert response.status_code == 400 and "公示期已于" in response.text
    assert not await Objection.exists()


async def test_results_embargo_covers_the_objection_page(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, _proposals = in_publicity
    process.phase = Phase.VOTING
    await process.save()
    assert (await client.get(f"/processes/{process.id}/objections")).status_code == 404


async def test_funding_waits_for_the_window_then_for_every_answer(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await published(areas, publicity_started_days_ago=6)
    await _resident(client, areas)
    await post(
        client, f"/processes/{process.id}/objections", {"proposal": "list", "reason": REASON}
    )
    # Still the last day of the 7-day window: refused for that reason first.
    refused = await _advance(client, process)
    assert "期满后才能立项" in (await client.get(refused.headers["location"])).text
    await Process.filter(id=process.id).update(publicity_days=3)
    refused = await _advance(client, process)
    assert "还有 1 条异议没有答复" in (await client.get(refused.headers["location"])).text
    assert (await Process.get(id=process.id)).phase == Phase.PUBLICITY

    objection = await Objection.get()
    answered = await post(
        client,
        f"/desk/objections/{objection.id}/answer",
        {"answer": "经核实，会议记录无误，附签到表。", "outcome": "rejected"},
    )
    assert answered.status_code == 303
    await _advance(client, process)
    assert (await Process.get(id=process.id)).phase == Phase.FUNDED
    assert await AuditEntry.filter(action="objection.answer").count() == 1


async def test_officials_answer_only_their_own_areas_and_answers_are_public(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, proposals = in_publicity
    await _resident(client, areas)
    await post(
        client,
        f"/processes/{process.id}/objections",
        {"proposal": str(proposals[0].id), "reason": REASON},
    )
    objection = await Objection.get()
    client.cookies.clear()
    await _official(client, areas, scope="370104100000", mobile="13800000033")
    desk = await client.get("/desk/objections")
    assert REASON not in desk.text
    refused = await post(client, f"/desk/objections/{objection.id}/answer", {"answer": "好的"})
    assert refused.status_code == 403
    client.cookies.clear()
    await _official(client, areas)
    assert REASON in (await client.get("/desk/objections")).text
    empty = await post(client, f"/desk/objections/{objection.id}/answer", {"answer": ""})
    assert empty.status_code == 400 and "请填写答复" in empty.text
    await post(
        client,
        f"/desk/objections/{objection.id}/answer",
        {"answer": "已复核到会人数，签到表已公开。", "outcome": "upheld"},
    )
    client.cookies.clear()
    page = await client.get(f"/processes/{process.id}/objections")
    assert "已复核到会人数" in page.text and "已答复" in page.text
    assert "李干部" not in page.text


async def test_an_answer_has_an_outcome_and_the_handler_sees_who_filed(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    """Issue 17 item 7: 成立 / 部分成立 / 不成立 with the answer, in public and in the
    filer's notice; the filer's name and phone on the handler's desk only."""
    process, proposals = in_publicity
    await _resident(client, areas)
    await post(
        client,
        f"/processes/{process.id}/objections",
        {"proposal": str(proposals[0].id), "reason": REASON},
    )
    objection = await Objection.get()
    client.cookies.clear()
    await _official(client, areas)
    desk = (await client.get("/desk/objections")).text
    assert "张三" in desk and 'href="tel:13900000031"' in desk
    answer = "到会人数有一处笔误，已更正；决议有效。"
    missing = await post(client, f"/desk/objections/{objection.id}/answer", {"answer": answer})
    assert missing.status_code == 400 and "请选择处理结果" in missing.text
    assert answer in missing.text  # what was typed is kept in its card
    assert (await Objection.get(id=objection.id)).is_open
    done = await post(
        client,
        f"/desk/objections/{objection.id}/answer",
        {"answer": answer, "outcome": "partly"},
    )
    assert done.status_code == 303
    assert "（部分成立），提出人会收到通知" in (await client.get("/desk/objections")).text
    stored = await Objection.get(id=objection.id)
    assert stored.outcome == Outcome.PARTLY
    entry = await AuditEntry.get(action="objection.answer")
    assert entry.after is not None and entry.after["outcome"] == "partly"
    note = await Message.get(user__mobile="13900000031", kind=Kind.OBJECTION_ANSWERED)
    assert "处理结果：部分成立" in note.body
    client.cookies.clear()
    public = (await client.get(f"/processes/{process.id}/objections")).text
    assert "处理结果：部分成立" in public and answer in public
    assert "张三" not in public and "13900000031" not in public


async def test_the_attachment_is_seen_only_by_its_author_and_the_answering_officials(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, _proposals = in_publicity
    await _resident(client, areas)
    token = await csrf(client)
    response = await client.post(
        f"/processes/{process.id}/objections",
        data={"csrf_token": token, "proposal": "list", "reason": REASON},
        files={"file": ("签到表.jpg", _jpeg(), "image/jpeg")},
    )
    assert response.status_code == 303
    objection = await Objection.get()
    path = f"/objections/{objection.id}/file"
    assert (await client.get(path)).status_code == 200
    client.cookies.clear()
    assert (await client.get(path)).status_code == 303  # to login
    await make_user("13900000034", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000034")
    assert (await client.get(path)).status_code == 404
    client.cookies.clear()
    await _official(client, areas)
    assert (await client.get(path)).status_code == 200


async def test_a_bad_attachment_is_refused_and_nothing_is_filed(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    process, _proposals = in_publicity
    await _resident(client, areas)
    response = await client.post(
        f"/processes/{process.id}/objections",
        data={"csrf_token": await csrf(client), "proposal": "list", "reason": REASON},
        files={"file": ("evil.jpg", b"<script>alert(1)</script>", "image/jpeg")},
    )
    assert response.status_code == 400 and "不是可识别" in response.text
    assert not await Objection.exists()


async def test_the_printed_notice_gives_the_window_and_where_to_object(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await published(areas, publicity_started_days_ago=2)
    notice = await client.get(f"/processes/{process.id}/awards/notice")
    first, last = await window_of(process)  # type: ignore[misc]
    assert (
        f"公示期：{first.year}年{first.month}月{first.day}日 至 "
        f"{last.year}年{last.month}月{last.day}日" in notice.text
    )
    assert f"/processes/{process.id}/objections" in notice.text


async def test_a_huge_publicity_window_never_crashes_the_pages(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    """Issue 14 item 5: publicity_days up to 10⁹ was accepted, and the objection, award and
    notice pages then answered 500 (OverflowError in the window's last day). The form now
    takes 5-30 days; a value stored before that still gives a page."""
    process, _proposals = in_publicity
    await Process.filter(id=process.id).update(publicity_days=10**9)
    for path in ("objections", "awards", "awards/notice"):
        response = await client.get(f"/processes/{process.id}/{path}")
        assert response.status_code == 200, path
    await _official(client, areas)
    assert (await client.get("/desk/objections")).status_code == 200


def _stored_files() -> list[str]:
    folder = settings.VAR_DIR / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


PHOTO = {"file": ("现场.jpg", _jpeg(), "image/jpeg")}


async def test_a_non_residents_attachment_never_reaches_the_disk(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    """Who may file is checked before the file is stored (it was stored, then refused)."""
    process, _proposals = in_publicity
    await _resident(client, areas, village=OTHER_VILLAGE)
    form = {"csrf_token": await csrf(client), "proposal": "list", "reason": REASON}
    response = await client.post(f"/processes/{process.id}/objections", data=form, files=PHOTO)
    assert response.status_code == 400 and "只有本批次范围内已核验的居民" in response.text
    assert _stored_files() == [] and not await Objection.exists()


async def test_a_late_attachment_never_reaches_the_disk(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await published(areas, publicity_started_days_ago=7)
    await _resident(client, areas)
    form = {"csrf_token": await csrf(client), "proposal": "list", "reason": REASON}
    response = await client.post(f"/processes/{process.id}/objections", data=form, files=PHOTO)
    assert response.status_code == 400 and "公示期已于" in response.text
    assert _stored_files() == [] and not await Objection.exists()


async def test_an_objection_photo_is_stored_alone_without_a_thumbnail(
    client: httpx.AsyncClient, areas: dict[str, Area], in_publicity: tuple[Process, list]
) -> None:
    """An objection has no column for a thumbnail: one made would be kept with nothing
    pointing at it (never shown, never removed)."""
    process, _proposals = in_publicity
    await _resident(client, areas)
    form = {"csrf_token": await csrf(client), "proposal": "list", "reason": REASON}
    response = await client.post(f"/processes/{process.id}/objections", data=form, files=PHOTO)
    assert response.status_code == 303
    objection = await Objection.get()
    assert objection.file_kind == "photo"
    assert _stored_files() == [objection.stored_name]
