"""Admin actions that cannot be undone ask first (issue 17 item 8): closing the vote and the
tally show turnout so far, days left and ballots in the box, warn of an early close and a
low turnout, and act only on the confirmation page's explicit confirm."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from ballot_factories import VILLAGE, roster_entries, voting_process
from support import login, make_user, post

from core.clock import today
from core.models import Area, AuditEntry, Role
from projects.models import Phase, Process, Proposal
from projects.preview import LOW_TURNOUT
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import TallySnapshot


@pytest.fixture
async def voting(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> tuple[Process, list[Proposal]]:
    """The issue's case in small: a 40-person roster, one ballot, six days before the end."""
    process, proposals = await voting_process(areas, voting_end=today() + dt.timedelta(days=6))
    [box] = await boxes_of(process)
    [first, *_rest] = await roster_entries(areas[VILLAGE], 40)
    await services.ballot_cast(process, box, first, {proposals[0].id: 1})
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return process, proposals


async def test_closing_the_vote_asks_first_and_says_how_it_stands(
    client: httpx.AsyncClient, voting: tuple[Process, list[Proposal]]
) -> None:
    process, _proposals = voting
    listing = (await client.get("/admin/processes")).text
    link = f"/admin/processes/{process.id}/phase?to=tallying"
    assert f'href="{link}"' in listing  # a link to the question, not a button that acts
    page = await client.get(link)
    assert page.status_code == 200
    text = page.text
    assert "确认进入「计票」阶段" in text and "不能再在网上投票" in text
    assert "2.5%" in text and "投票率：1 / 40 人" in text  # turnout so far
    assert "票箱中的选票" in text
    assert "本阶段剩余天数" in text and ">6<" in text  # days left in the phase
    assert "现在结束是提前截止" in text  # the early close
    assert f"低于 {int(LOW_TURNOUT * 100)}%" in text  # the low turnout
    assert 'name="confirm" value="yes"' in text
    await process.refresh_from_db()
    assert process.phase == Phase.VOTING  # asking changed nothing

    bare = await post(client, f"/admin/processes/{process.id}/phase", {"to": "tallying"})
    assert bare.status_code == 400 and "确认进入「计票」阶段" in bare.text
    await process.refresh_from_db()
    assert process.phase == Phase.VOTING and not await AuditEntry.exists(action="process.phase")

    done = await post(
        client, f"/admin/processes/{process.id}/phase", {"to": "tallying", "confirm": "yes"}
    )
    assert done.status_code == 303
    await process.refresh_from_db()
    assert process.phase == Phase.TALLYING
    assert "已进入「计票」阶段" in (await client.get(done.headers["location"])).text


async def test_no_warning_when_the_vote_closes_on_time_with_a_fair_turnout(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas, voting_end=today() - dt.timedelta(days=1))
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 4)
    for entry in entries[:2]:
        await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    text = (await client.get(f"/admin/processes/{process.id}/phase?to=tallying")).text
    assert "50.0%" in text and "投票率：2 / 4 人" in text
    assert "提前截止" not in text and "投票率很低" not in text and "请注意" not in text


async def test_a_stale_or_skipping_phase_link_changes_nothing(
    client: httpx.AsyncClient, voting: tuple[Process, list[Proposal]]
) -> None:
    process, _proposals = voting
    for to in ("publicity", "nonsense", ""):
        response = await client.get(f"/admin/processes/{process.id}/phase?to={to}")
        assert response.status_code == 303
        assert "只能进入下一个阶段" in (await client.get(response.headers["location"])).text
    await process.refresh_from_db()
    assert process.phase == Phase.VOTING


async def test_the_tally_asks_first(
    client: httpx.AsyncClient, voting: tuple[Process, list[Proposal]]
) -> None:
    process, _proposals = voting
    await Process.filter(id=process.id).update(phase=Phase.TALLYING)
    page = await client.get(f"/admin/processes/{process.id}/tally")
    assert page.status_code == 200
    assert "确认计票" in page.text and "投票率：1 / 40 人" in page.text
    assert "投票率很低" in page.text
    assert "现在还不能计票" in page.text and "还没有开箱" in page.text  # the box is sealed
    assert 'name="confirm"' not in page.text  # nothing to confirm until it can be done
    bare = await post(client, f"/admin/processes/{process.id}/tally")
    assert bare.status_code == 400 and "确认计票" in bare.text
    assert not await TallySnapshot.exists()
