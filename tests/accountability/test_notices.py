"""The filer of an objection hears its answer; who proposed or supported a funded project
hears of its milestones, its acceptance and its spend. Refused writes tell no one."""

from __future__ import annotations

import datetime as dt

import httpx
from accountability_factories import funded, published
from ballot_factories import VILLAGE
from support import csrf, login, make_user, post

from accountability.objections.models import Objection
from core.clock import today
from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message
from projects.models import Support

TOWNSHIP = "370104013000"
REASON = "该项目的村民会议记录与实际到会人数不符，请核实。"


async def _official(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await make_user("13800000041", Role.OFFICIAL, scope=areas[TOWNSHIP])
    client.cookies.clear()
    await login(client, "13800000041")


async def test_the_filer_hears_the_answer_to_the_objection(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await published(areas)
    filer = await make_user("13900000031", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000031")
    await post(
        client,
        f"/processes/{process.id}/objections",
        {"proposal": str(proposals[0].id), "reason": REASON},
    )
    objection = await Objection.get()
    await _official(client, areas)
    empty = await post(client, f"/desk/objections/{objection.id}/answer", {"answer": ""})
    assert empty.status_code == 400
    assert not await Message.filter(kind=Kind.OBJECTION_ANSWERED).exists()
    answer = {"answer": "签到表已公开。", "outcome": "rejected"}
    await post(client, f"/desk/objections/{objection.id}/answer", answer)
    message = await Message.get(kind=Kind.OBJECTION_ANSWERED)
    assert message.user_id == filer.id
    assert message.link == f"/processes/{process.id}/objections#objection-{objection.id}"
    assert process.name in message.title and "签到表已公开。" in message.body


async def _milestone(
    client: httpx.AsyncClient, proposal_id: int, kind: str, on: dt.date, pct: int
) -> httpx.Response:
    data = {
        "csrf_token": await csrf(client),
        "kind": kind,
        "happened_on": on.isoformat(),
        "progress_pct": str(pct),
        "note": "路基已完成",
    }
    return await client.post(f"/desk/implementation/{proposal_id}/milestones", data=data)


async def test_backers_hear_of_milestones_acceptance_and_spend(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    _process, proposal, _award = await funded(areas)
    supporter = await make_user("13900000032", Role.RESIDENT, home=areas[VILLAGE])
    bystander = await make_user("13900000033", Role.RESIDENT, home=areas[VILLAGE])
    await Support.create(proposal=proposal, user=supporter)
    backers = {proposal.author_id, supporter.id}
    await _official(client, areas)
    day = today() - dt.timedelta(days=20)

    assert (await _milestone(client, proposal.id, "start", day, 0)).status_code == 303
    started = await Message.filter(kind=Kind.PROJECT_PROGRESS)
    assert {m.user_id for m in started} == backers and bystander.id not in backers
    assert all(m.link == f"/proposals/{proposal.id}" for m in started)
    assert "开工" in started[0].title and "路基已完成" in started[0].body

    backwards = await _milestone(client, proposal.id, "accept", day, 100)  # out of order
    assert backwards.status_code == 400
    assert await Message.filter(kind=Kind.PROJECT_PROGRESS).count() == 2

    for kind, offset in (("complete", 5), ("accept", 6)):
        await _milestone(client, proposal.id, kind, day + dt.timedelta(days=offset), 100)
    accepted = await Message.filter(kind=Kind.PROJECT_PROGRESS, title__contains="已通过验收")
    assert {m.user_id for m in accepted} == backers

    spend = {"amount": "12,345.60", "spent_on": today().isoformat(), "purpose": "水泥、砂石"}
    await post(client, f"/desk/implementation/{proposal.id}/spends", spend)
    over = spend | {"amount": "900000"}
    assert (
        await post(client, f"/desk/implementation/{proposal.id}/spends", over)
    ).status_code == 400
    spent = await Message.filter(kind=Kind.PROJECT_PROGRESS, title__contains="支出")
    assert {m.user_id for m in spent} == backers
    assert "¥12,345.60" in spent[0].body and "水泥、砂石" in spent[0].body
