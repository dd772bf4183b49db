"""待我处理 on the home page: each person sees what waits on them, and it goes once done."""

from __future__ import annotations

import httpx
from ballot_factories import VILLAGE, verified_voter, voting_process
from project_factories import make_process, make_proposal
from support import login, make_user

from accountability.implementation.models import Spend
from core.models import Area, Role
from projects.models import Phase
from votes.ballots import services
from votes.ballots.boxes import boxes_of


async def test_an_unverified_resident_is_asked_to_verify(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000061", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000061")
    home = await client.get("/")
    assert "完成居民核验后才能附议、评论和投票" in home.text and 'href="/verify"' in home.text


async def test_a_voter_is_reminded_until_the_ballot_is_cast(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas)
    entry = await verified_voter("13900000062", areas[VILLAGE], 62)
    await login(client, "13900000062")
    assert "正在投票，您还没有投票" in (await client.get("/")).text
    [box] = await boxes_of(process)
    await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    home = await client.get("/")
    assert "您还没有投票" not in home.text
    assert "目前没有需要您处理的事项" in home.text


async def test_staff_see_their_queues(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    author = await make_user("13900000063", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await Spend.create(proposal=proposal, amount_fen=100, spent_on="2026-11-01", purpose="材料")
    await make_user("13800000064", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000064")
    assert "1 个提案等待审核" in (await client.get("/")).text
    await make_user("13800000065", Role.OFFICIAL, scope=areas["370104100000"])
    await login(client, "13800000065")
    assert "提案等待审核" not in (await client.get("/")).text  # another township's
    await make_user("13800000066", Role.FINANCE)
    await login(client, "13800000066")
    assert "1 笔实施支出等待财政确认" in (await client.get("/")).text
