"""Voters hear of a vote opening, of its close a day ahead (only those who have not voted),
and of the result going into 公示 — each once, in the phase change's own transaction."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from ballot_factories import verified_voter
from project_factories import make_process, make_proposal
from support import login, make_user, post, verify_resident

from core.clock import CHINA
from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message
from projects.models import Heading, Phase, Process, ProposalStatus
from votes import notices
from votes.ballots import services
from votes.ballots.boxes import boxes_of

TOWNSHIP, VILLAGE, OTHER_VILLAGE = "370104013000", "370104013201", "370104013202"
ELSEWHERE = "370104100201"  # a village outside the township


@pytest.fixture
async def admin(client: httpx.AsyncClient, areas: dict[str, Area]) -> httpx.AsyncClient:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return client


async def _reviewed(areas: dict[str, Area], **extra: object) -> Process:
    process = await make_process(
        areas[TOWNSHIP], Phase.REVIEWING, voting_end=dt.date(2027, 3, 8), **extra
    )
    author = await make_user("13900000099", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await make_proposal(process, areas[VILLAGE], author, ProposalStatus.ACCEPTED)
    return process


async def _told(kind: Kind) -> dict[int, Message]:
    return {m.user_id: m for m in await Message.filter(kind=kind)}


async def test_opening_the_vote_tells_the_verified_adults_of_the_area_once(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await _reviewed(areas)
    here = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    there = await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_VILLAGE])
    outside = await make_user("13900000003", Role.RESIDENT, home=areas[ELSEWHERE])
    unverified = await make_user("13900000004", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    minor = await make_user("13900000005", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await verify_resident(minor, born=dt.date.today() - dt.timedelta(days=365 * 17))
    response = await post(
        admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"}
    )
    assert response.status_code == 200  # the election key's shares, shown once
    told = await _told(Kind.VOTE_OPENED)
    assert set(told) == {here.id, there.id}
    assert {outside.id, unverified.id, minor.id}.isdisjoint(told)
    message = told[here.id]
    assert message.link == f"/processes/{process.id}/vote"
    assert process.name in message.title and "2027年3月8日" in message.body
    # Hearing it again (a hook re-run) tells no one twice.
    await notices.vote_opened(None, process)
    assert await Message.filter(kind=Kind.VOTE_OPENED).count() == 2


async def test_a_refused_opening_tells_no_one(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas[TOWNSHIP], Phase.REVIEWING)  # no accepted proposal
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await post(admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"})
    await process.refresh_from_db()
    assert process.phase == Phase.REVIEWING
    assert not await Message.exists()


async def test_with_headings_only_those_under_a_heading_hear(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await _reviewed(areas)
    await Heading.create(process=process, area=areas[VILLAGE], budget_fen=50_000_000)
    here = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_VILLAGE])
    await post(admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"})
    assert set(await _told(Kind.VOTE_OPENED)) == {here.id}


async def test_the_reminder_goes_to_exactly_the_voters_who_have_not_voted(
    areas: dict[str, Area],
) -> None:
    process = await make_process(areas[TOWNSHIP], Phase.VOTING, voting_end=dt.date(2027, 3, 8))
    author = await make_user("13900000099", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    proposal = await make_proposal(process, areas[VILLAGE], author, ProposalStatus.ACCEPTED)
    voted = await verified_voter("13900000001", areas[VILLAGE], 1)
    waiting = await verified_voter("13900000002", areas[OTHER_VILLAGE], 2)
    also_waiting = await verified_voter("13900000004", areas[VILLAGE], 4)
    outside = await verified_voter("13900000003", areas[ELSEWHERE], 3)
    [box] = await boxes_of(process)
    await services.ballot_cast(process, box, voted, {proposal.id: 1})

    day_before = dt.datetime(2027, 3, 7, 23, 0, tzinfo=CHINA)
    assert await notices.remind_closing(day_before) == 0  # more than 24 hours ahead
    last_day = dt.datetime(2027, 3, 8, 0, 0, tzinfo=CHINA)
    assert await notices.remind_closing(last_day) == 2
    assert await notices.remind_closing(last_day + dt.timedelta(hours=1)) == 0  # once
    told = await _told(Kind.VOTE_CLOSING)
    assert set(told) == {waiting.user_id, also_waiting.user_id}
    assert {voted.user_id, outside.user_id}.isdisjoint(told)
    message = told[waiting.user_id]
    assert message.link == f"/processes/{process.id}/vote"
    assert "2027年3月8日 24 时截止" in message.body
    # Nothing of any ballot: one wording for all, no project named, and not even "you have
    # not voted" (a message may be read over someone's shoulder).
    other = told[also_waiting.user_id]
    assert (other.title, other.body) == (message.title, message.body)
    assert proposal.title not in message.title + message.body
    assert "您还没有" not in message.body
    after_close = dt.datetime(2027, 3, 9, 0, 0, tzinfo=CHINA)
    await Message.all().delete()
    assert await notices.remind_closing(after_close) == 0


async def test_entering_publicity_tells_the_area_with_the_window(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas[TOWNSHIP], Phase.TALLYING, publicity_days=7)
    child = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await verify_resident(child, born=dt.date.today() - dt.timedelta(days=365 * 10))
    outside = await make_user("13900000003", Role.RESIDENT, home=areas[ELSEWHERE])
    response = await post(
        admin, f"/admin/processes/{process.id}/phase", {"to": "publicity", "confirm": "yes"}
    )
    assert response.status_code == 303
    told = await _told(Kind.RESULTS_PUBLISHED)
    assert set(told) == {child.id} and outside.id not in told  # results concern everyone
    message = told[child.id]
    assert message.link == f"/processes/{process.id}/results"
    assert "公示期为" in message.body and "异议" in message.body
