"""Officials enter paper ballots (one by one and in batches) and meeting totals."""

from __future__ import annotations

import httpx
import pytest
from ballot_factories import VILLAGE, id_number, roster_entries, voting_process
from support import csrf, login, make_user, post

from core.models import Area, AuditEntry, Role
from projects.models import Process, Proposal
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import BallotBox, MeetingTally, RosterEntry
from votes.sealing.models import SealedBallot


@pytest.fixture
async def setup(areas: dict[str, Area]) -> tuple[Process, list[Proposal], BallotBox]:
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    await roster_entries(areas[VILLAGE], 5)
    return process, proposals, box


async def _official(client: httpx.AsyncClient, areas: dict[str, Area], scope: str) -> None:
    await make_user("13800000002", Role.OFFICIAL, scope=areas[scope])
    await login(client, "13800000002")


async def test_official_enters_a_paper_ballot(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    _process, proposals, box = setup
    await _official(client, areas, "370104013000")
    assert (
        box.key in (await client.get("/desk/paper")).text
        or "录入选票" in (await client.get("/desk/paper")).text
    )
    form = {"id_number": id_number(1), f"p{proposals[0].id}": "1"}
    response = await post(client, f"/desk/paper/{box.id}", form)
    assert response.status_code == 303
    assert await SealedBallot.filter(box=box, voter_key=None).count() == 1
    again = await post(client, f"/desk/paper/{box.id}", form)
    assert again.status_code == 400 and "不能重复录入" in again.text
    unknown = await post(
        client, f"/desk/paper/{box.id}", {"id_number": id_number(99), f"p{proposals[0].id}": "1"}
    )
    assert unknown.status_code == 400 and "找不到这个身份证号" in unknown.text
    assert await AuditEntry.filter(action="ballot.paper").count() == 1


async def test_an_official_of_another_area_cannot_enter(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    _process, proposals, box = setup
    await _official(client, areas, "370104100000")
    response = await post(
        client, f"/desk/paper/{box.id}", {"id_number": id_number(1), f"p{proposals[0].id}": "1"}
    )
    assert response.status_code == 403
    assert not await SealedBallot.exists()


async def _batch(client: httpx.AsyncClient, box: BallotBox, text: str) -> httpx.Response:
    return await client.post(
        f"/desk/paper/{box.id}/batch",
        data={"csrf_token": await csrf(client)},
        files={"file": ("paper.csv", text.encode("gbk"))},
    )


async def test_a_batch_is_all_or_nothing(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    process, proposals, box = setup
    await _official(client, areas, "370104013000")
    a, b = proposals[0].id, proposals[1].id
    online_voter = await RosterEntry.get(name="村民3")
    await services.ballot_cast(process, box, online_voter, {a: 1})
    bad = (
        f"身份证号,选择\n{id_number(1)},{a} {b}\n{id_number(2)},{a} {b} {proposals[2].id}\n"
        f"{id_number(1)},{a}\n{id_number(3)},{a}\n{id_number(77)},{a}\n{id_number(4)},x\n"
    )
    response = await _batch(client, box, bad)
    assert response.status_code == 400
    text = response.text
    assert "第 3 行「选择」：最多只能选 2 个项目" in text
    assert "第 4 行「身份证号」：与第 2 行是同一个人" in text
    assert "第 5 行「身份证号」：此人已经投过票" in text
    assert "第 6 行「身份证号」" in text and "第 7 行「选择」" in text
    assert await SealedBallot.filter(voter_key=None).count() == 0
    good = f"身份证号,选择\n{id_number(1)},{a} {b}\n{id_number(2)},{b}\n"
    response = await _batch(client, box, good)
    assert response.status_code == 303
    assert await SealedBallot.filter(voter_key=None).count() == 2


async def test_meeting_totals_are_kept_apart_and_audited(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    _process, proposals, box = setup
    await _official(client, areas, "370104013000")
    p = proposals[0].id
    bad = await post(
        client,
        f"/desk/paper/{box.id}/meeting",
        {"meeting_date": "2026-11-20", f"present_{p}": "80", f"favour_{p}": "90"},
    )
    assert bad.status_code == 400 and "赞成人数不能多于到会人数" in bad.text
    ok = await post(
        client,
        f"/desk/paper/{box.id}/meeting",
        {"meeting_date": "2026-11-20", f"present_{p}": "80", f"favour_{p}": "61"},
    )
    assert ok.status_code == 303
    tally = await MeetingTally.get(box=box, proposal_id=p)
    assert (tally.present, tally.in_favour) == (80, 61)
    assert not await SealedBallot.exists()  # not individual ballots
    assert await AuditEntry.filter(action="ballot.meeting").exists()
