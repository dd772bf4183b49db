"""Casting ballots: secrecy, one person one vote across channels, replacing, receipts."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from ballot_factories import VILLAGE, roster_entries, verified_voter, voting_process
from sealing_support import open_sealed, sealed_contents
from support import login, make_user, post
from tortoise import Tortoise

from core.formatting import yuan
from core.models import Area, AuditEntry, Role
from projects.models import Phase, VotingMethod
from residents.models import RosterEntry
from votes.ballots import secrecy, services
from votes.ballots.boxes import ballot_costs, boxes_of
from votes.models import Ballot, BallotMark, Channel, VoterMark
from votes.sealing.models import SealedBallot


async def test_ballot_tables_hold_nothing_that_identifies_a_user(clean_db: str) -> None:
    for model in (Ballot, BallotMark):
        for name, field in model._meta.fields_map.items():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.db_table not in (
                "user_account",
                "roster_entry",
            ), f"{model.__name__}.{name}"
    columns = {
        column
        for model in (Ballot, BallotMark)
        for column in model._meta.fields_db_projection.values()
    }
    assert not columns & {"user_id", "entry_id", "author_id", "voter_id", "cast_at"}


async def test_online_ballot_then_replacement_keeps_one(areas: dict[str, Area]) -> None:
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    [entry] = await roster_entries(areas[VILLAGE], 1)
    first = await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    second = await services.ballot_cast(
        process, box, entry, {proposals[1].id: 1, proposals[2].id: 1}
    )
    assert await SealedBallot.filter(box=box).count() == 1
    assert await sealed_contents(process, box.id) == {
        secrecy.voter_key(box.id, entry.id): {proposals[1].id: 1, proposals[2].id: 1}
    }
    assert not await Ballot.exists()  # nothing counted before the box is opened
    assert await services.receipt_status(first) is None  # replaced: the old receipt is void
    assert await services.receipt_status(second) is not None
    assert (await RosterEntry.get(id=entry.id)).voted


async def test_rules_are_enforced_on_the_server(areas: dict[str, Area]) -> None:
    process, proposals = await voting_process(areas, max_picks=1)
    [box] = await boxes_of(process)
    [entry] = await roster_entries(areas[VILLAGE], 1)
    with pytest.raises(services.BallotRefused, match="最多只能选 1 个项目"):
        await services.ballot_cast(process, box, entry, {p.id: 1 for p in proposals})
    process.phase = Phase.TALLYING
    with pytest.raises(services.BallotRefused, match="投票尚未开始或已经结束"):
        await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    assert not await SealedBallot.exists() and not await VoterMark.exists()


async def test_paper_then_online_is_refused_and_online_then_paper_too(
    areas: dict[str, Area],
) -> None:
    process, proposals = await voting_process(areas)
    [box] = await boxes_of(process)
    paper_voter, online_voter = await roster_entries(areas[VILLAGE], 2)
    official = await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    from core.principal import load_principal

    actor = await load_principal(official.id)
    assert actor is not None
    await services.paper_ballot_enter(actor, process, box, paper_voter, {proposals[0].id: 1})
    with pytest.raises(services.BallotRefused, match="纸质选票已由工作人员录入"):
        await services.ballot_cast(process, box, paper_voter, {proposals[1].id: 1})
    await services.ballot_cast(process, box, online_voter, {proposals[1].id: 1})
    with pytest.raises(services.BallotRefused, match="不能重复录入"):
        await services.paper_ballot_enter(actor, process, box, online_voter, {proposals[0].id: 1})
    assert await SealedBallot.filter(box=box).count() == 2
    channels = sorted(await VoterMark.filter(box=box).values_list("channel", flat=True))
    assert channels == [Channel.ONLINE, Channel.PAPER]
    assert await AuditEntry.filter(action="ballot.paper").count() == 1


@pytest.mark.postgres_only
async def test_one_voter_casting_50_ballots_at_once_leaves_one(areas: dict[str, Area]) -> None:
    process, proposals = await voting_process(areas)
    [box] = await boxes_of(process)
    [entry] = await roster_entries(areas[VILLAGE], 1)
    choices = [{proposals[i % 3].id: 1} for i in range(50)]
    results = await asyncio.gather(
        *[services.ballot_cast(process, box, entry, marks) for marks in choices],
        return_exceptions=True,
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    assert await SealedBallot.filter(box=box).count() == 1
    assert await VoterMark.filter(box=box).count() == 1
    assert len(await sealed_contents(process, box.id)) == 1


@pytest.mark.postgres_only
async def test_200_voters_at_once_leave_200_ballots(areas: dict[str, Area]) -> None:
    process, proposals = await voting_process(areas)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 200)
    results = await asyncio.gather(
        *[services.ballot_cast(process, box, e, {proposals[e.id % 3].id: 1}) for e in entries],
        return_exceptions=True,
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    assert await SealedBallot.filter(box=box).count() == 200
    assert len({r for r in results}) == 200  # every receipt distinct
    conn = Tortoise.get_connection("default")
    rows = await conn.execute_query_dict("SELECT COUNT(DISTINCT voter_key) AS n FROM sealed_ballot")
    assert rows[0]["n"] == 200


async def test_the_web_ballot_from_choice_to_receipt(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas, max_picks=2)
    await verified_voter("13900000001", areas[VILLAGE], 1)
    await login(client, "13900000001")
    start = await client.get(f"/processes/{process.id}/vote")
    assert start.status_code == 303
    ballot_url = start.headers["location"]
    page = await client.get(ballot_url)
    assert "项目0" in page.text and "还可选 2 项" in page.text
    meter = await post(
        client, f"{ballot_url}/meter", {f"p{proposals[0].id}": "1"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in meter.text and "已选 1 项" in meter.text
    too_many = await post(client, f"{ballot_url}/review", {f"p{p.id}": "1" for p in proposals})
    assert too_many.status_code == 400 and "最多只能选 2 个项目" in too_many.text
    review = await post(client, f"{ballot_url}/review", {f"p{proposals[0].id}": "1"})
    assert review.status_code == 200 and "确认投票" in review.text
    cast = await post(client, f"{ballot_url}/cast", {f"p{proposals[0].id}": "1"})
    assert cast.status_code == 200 and cast.headers["cache-control"] == "no-store"
    code = cast.text.split('id="receipt-code">')[1].split("<")[0]
    assert len(secrecy.normalise_receipt(code)) == secrecy.RECEIPT_LENGTH
    again = await client.get(f"{ballot_url}/receipt")
    assert code not in again.text  # shown once
    check = await client.get(f"/receipts?code={code.lower()}")
    assert "已收到" in check.text  # sealed until the box is opened
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    check = await client.get(f"/receipts?code={code.lower()}")
    assert "已计入" in check.text
    assert "没有找到" in (await client.get("/receipts?code=AAAA-BBBB-CCCC")).text


async def test_who_may_not_vote(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    process, _proposals = await voting_process(areas)
    [box] = await boxes_of(process)
    await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000002")
    assert "去核验" in (await client.get(f"/processes/{process.id}/vote")).text
    assert (await client.get(f"/vote/{box.id}")).status_code == 403
    await post(client, "/logout")
    await verified_voter("13900000003", areas["370104100201"], 3)  # another township
    await login(client, "13900000003")
    assert (await client.get(f"/vote/{box.id}")).status_code == 403


async def test_counts_are_never_shown_while_voting(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas)
    [box] = await boxes_of(process)
    pages = [f"/processes/{process.id}", f"/proposals/{proposals[0].id}", "/", "/processes"]
    before = {p: (await client.get(p)).text for p in pages}
    for entry in await roster_entries(areas[VILLAGE], 3):
        await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    after = {p: (await client.get(p)).text for p in pages}
    for page in pages:
        strip = lambda html: html.split("</head>", 1)[1].split("X-CSRF-Token")[0]  # noqa: E731
        assert strip(before[page]) == strip(after[page]), page


JUNK_BALLOTS = [
    pytest.param(lambda ids: {f"p{ids[0]}": "²"}, id="superscript-value"),
    pytest.param(lambda ids: {"p١": "1"}, id="arabic-indic-id"),
    pytest.param(lambda ids: {"p²": "1"}, id="superscript-id"),
    pytest.param(lambda ids: {f"p{ids[0]}": "١"}, id="arabic-indic-value"),
    pytest.param(lambda ids: {"choice": "²"}, id="superscript-choice"),
    pytest.param(lambda ids: {"p999999": "1"}, id="not-on-the-ballot"),
    pytest.param(lambda ids: {f"p{ids[0]}": "1", "p999999": "1"}, id="one-not-on-the-ballot"),
]


@pytest.mark.parametrize("junk", JUNK_BALLOTS)
async def test_junk_in_a_ballot_is_a_400_with_the_ballot_shown_again(
    client: httpx.AsyncClient, areas: dict[str, Area], junk: object
) -> None:
    """Issue 14 item 11: "²" (isdigit, but int() refuses it), "p١" (int() reads it as 1) or
    a proposal not on the ballot answered 500 on every ballot endpoint."""
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    await verified_voter("13900000001", areas[VILLAGE], 1)
    await login(client, "13900000001")
    form = junk([p.id for p in proposals])  # type: ignore[operator]
    for path in (f"/vote/{box.id}", f"/vote/{box.id}/review", f"/vote/{box.id}/cast"):
        response = await post(client, path, form)
        assert response.status_code == 400, (path, response.status_code)
        assert "项目0" in response.text and "<html" in response.text, path  # the ballot again
        assert "选票数据无效" in response.text or "不在本票箱" in response.text, path
    meter = await post(client, f"/vote/{box.id}/meter", form, headers={"HX-Request": "true"})
    assert meter.status_code == 400 and "<html" not in meter.text
    assert "选票数据无效" in meter.text or "不在本票箱" in meter.text
    assert not await Ballot.exists() and not await VoterMark.exists()


async def test_the_ballot_tells_its_rules_before_they_are_broken(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """Picks and budget in plain words at the top; an overrun reads as one, not as a
    negative remainder; without JavaScript the refusal names the rule."""
    budget = 40_000_000
    process, proposals = await voting_process(
        areas, voting_method=VotingMethod.KNAPSACK, max_picks=5, budget_fen=budget
    )
    [box] = await boxes_of(process)
    costs = await ballot_costs(process, box)
    await verified_voter("13900000001", areas[VILLAGE], 1)
    await login(client, "13900000001")
    page = await client.get(f"/vote/{box.id}")
    rules = page.text.split('class="card ballot-rules"')[1].split("</section>")[0]
    assert "最多选 5 个项目。" in rules and f"预算 {yuan(budget)}" in rules
    assert page.text.index("ballot-rules") < page.text.index("ballot-list")  # before the list
    everything = {f"p{p.id}": "1" for p in proposals}
    over = sum(costs.values()) - budget
    assert over > 0
    meter = await post(client, f"/vote/{box.id}/meter", everything, headers={"HX-Request": "true"})
    assert f"已超出 {yuan(over)}，请减少选择" in meter.text
    assert f"预算 {yuan(budget)}" in meter.text
    assert "剩余 -" not in meter.text and "-¥" not in meter.text and "超出预算" not in meter.text
    refused = await post(client, f"/vote/{box.id}/review", everything)  # no JavaScript
    assert refused.status_code == 400
    assert f"已超出 {yuan(over)}（预算 {yuan(budget)}），请减少选择" in refused.text


async def test_the_ballot_and_the_receipt_say_a_cast_ballot_cannot_be_seen_again(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    await verified_voter("13900000001", areas[VILLAGE], 1)
    await login(client, "13900000001")
    sealed = "包括您自己在内，谁都看不到它的内容"
    assert sealed in (await client.get(f"/vote/{box.id}")).text
    cast = await post(client, f"/vote/{box.id}/cast", {f"p{proposals[1].id}": "1"})
    assert cast.status_code == 200 and sealed in cast.text and "不证明选了什么" in cast.text
    again = await client.get(f"/vote/{box.id}")
    assert "您已经投过票了" in again.text and sealed in again.text
    assert "checked" not in again.text.split('class="ballot-list"')[1].split('id="meter"')[0]
    receipt = await client.get(f"/vote/{box.id}/receipt")
    assert sealed in receipt.text
