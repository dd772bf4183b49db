"""我的: what I have done, my next step, and whether I voted in each process (never how)."""

from __future__ import annotations

import logging

import httpx
import pytest
from ballot_factories import VILLAGE, verified_voter, voting_process
from project_factories import make_process, make_proposal
from support import login, make_user

from accountability.objections.models import Objection
from comments.models import Comment
from core.models import Area, Role, User
from notify.kinds import Kind
from notify.models import Message
from projects.models import Phase, ProposalStatus, Support
from votes.ballots import services
from votes.ballots.boxes import boxes_of

STREET = "370104013000"


async def test_me_lists_what_i_did_and_whether_i_voted_never_how(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    voted_in, on_ballot = await voting_process(areas, name="已投的批次")
    not_yet = await make_process(areas[STREET], Phase.VOTING, name="未投的批次")
    collecting = await make_process(areas[STREET], name="正在征集的批次")
    entry = await verified_voter("13900000001", areas[VILLAGE], 1)
    me = await User.get(id=entry.user_id)  # type: ignore[arg-type]
    [box] = await boxes_of(voted_in)
    await services.ballot_cast(voted_in, box, entry, {on_ballot[1].id: 1})
    mine = await make_proposal(collecting, areas[VILLAGE], me, title="我提的路灯")
    backed = await make_proposal(collecting, areas[VILLAGE], me, title="我附议的水井")
    await Support.create(proposal=backed, user=me)
    await Comment.create(
        subject_type="proposal",
        subject_id=mine.id,
        area=areas[VILLAGE],
        author=me,
        body="我的一条评论",
    )
    await Objection.create(process=voted_in, author=me, reason="异议理由")
    await Message.create(
        user=me, kind=Kind.PROPOSAL_REVIEWED, title="您的提案已审核", body="", link="/"
    )
    await login(client, "13900000001")
    page = (await client.get("/me")).text
    for shown in ("我提的路灯", "我附议的水井", "我的一条评论", "等待答复", "您的提案已审核"):
        assert shown in page, shown
    votes = page.split('id="my-votes"')[1].split("</section>")[0]
    assert "已投的批次" in votes and "已投票" in votes
    assert "未投的批次" in votes and f'href="/processes/{not_yet.id}/vote"' in votes
    for p in on_ballot:  # how I voted is nowhere: not even which project was on my ballot
        assert p.title not in page
    nxt = page.split('id="next"')[1].split("</section>")[0]
    assert f'href="/processes/{not_yet.id}/vote"' in nxt and "正在征集的批次" in nxt
    assert f'href="/processes/{voted_in.id}/vote"' not in nxt


async def test_sections_are_capped_with_more(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas[STREET])
    me = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    for n in range(7):
        await make_proposal(process, areas[VILLAGE], me, ProposalStatus.DRAFT, title=f"提案第{n}号")
    await login(client, "13900000001")
    page = (await client.get("/me")).text
    section = page.split('id="my-proposals"')[1].split("</section>")[0]
    assert section.count("提案第") == 5 and 'href="/me?more=proposals#my-proposals"' in section
    everything = (await client.get("/me?more=proposals")).text
    section = everything.split('id="my-proposals"')[1].split("</section>")[0]
    assert section.count("提案第") == 7 and "more=proposals" not in section


async def test_an_unverified_person_is_told_to_verify_first(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000003", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000003")
    nxt = (await client.get("/me")).text.split('id="next"')[1].split("</section>")[0]
    assert "先完成居民核验" in nxt and 'href="/verify"' in nxt


async def test_after_verification_the_next_step_is_shown(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_process(areas[STREET], Phase.COLLECTING, name="正在征集的批次")
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    status = (await client.get("/verify")).text
    assert "已核验" in status and 'href="/me#next"' in status
    nxt = (await client.get("/me")).text.split('id="next"')[1].split("</section>")[0]
    assert "提项目、附议：正在征集的批次" in nxt


async def test_the_page_costs_the_same_queries_for_one_row_or_many(
    client: httpx.AsyncClient, areas: dict[str, Area], caplog: pytest.LogCaptureFixture
) -> None:
    """One query a section: more proposals, supports or messages add rows, not queries."""
    process = await make_process(areas[STREET])
    me = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")

    async def queries_for_me() -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            assert (await client.get("/me")).status_code == 200
        return len([r for r in caplog.records if r.name == "tortoise.db_client"])

    async def add(n: int) -> None:
        for i in range(n):
            p = await make_proposal(process, areas[VILLAGE], me, title=f"第{n}-{i}号")
            await Support.create(proposal=p, user=me)
            await Message.create(
                user=me, kind=Kind.PROPOSAL_REVIEWED, title="审核", body="", link="/"
            )

    await add(1)
    one = await queries_for_me()
    await add(20)
    many = await queries_for_me()
    assert one > 0 and many == one
