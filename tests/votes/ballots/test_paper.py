"""Officials enter paper ballots (one by one and in batches) and meeting totals."""

from __future__ import annotations

import httpx
import pytest
from ballot_factories import VILLAGE, id_number, roster_entries, voting_process
from support import csrf, login, make_user, post

from core.models import Area, AuditEntry, Role
from projects.models import Process, Proposal
from residents.models import RosterEntry
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import BallotBox, Channel, MeetingTally
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
    assert unknown.status_code == 400 and "名册中没有这个身份证号" in unknown.text
    assert await AuditEntry.filter(action="ballot.paper").count() == 1


async def _refusal_for(client: httpx.AsyncClient, box: BallotBox, number: str, pick: int) -> str:
    response = await post(client, f"/desk/paper/{box.id}", {"id_number": number, f"p{pick}": "1"})
    assert response.status_code == 400
    return response.text


async def test_paper_entry_says_which_check_failed(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    """Issue 17 item 7: a mistyped number, a person off the roster, a person on another
    village's roster and a person who voted already each get their own message, beside the
    ID number field."""
    _process, proposals, box = setup
    await roster_entries(areas["370104013202"], 1, start=50)  # 前屯村, another official's
    await make_user("13800000002", Role.OFFICIAL, scope=areas[VILLAGE])
    await login(client, "13800000002")
    pick = proposals[0].id
    good = id_number(1)
    cases = {
        good[:17]: "格式不对",
        good[:16] + "AB": "格式不对",
        good[:17] + ("0" if good[17] != "0" else "1"): "校验位不对",
        id_number(99): "「吴家堡街道」的名册中没有这个身份证号",
        id_number(50): "其他村/社区的名册上，不归您录入",
    }
    for number, words in cases.items():
        text = await _refusal_for(client, box, number, pick)
        assert words in text, number
        assert 'aria-invalid="true"' in text  # the error is the ID field's, not the ballot's
    assert (
        await post(client, f"/desk/paper/{box.id}", {"id_number": good, f"p{pick}": "1"})
    ).status_code == 303
    assert "此人已经投过票（纸质选票），不能重复录入" in await _refusal_for(client, box, good, pick)
    assert await SealedBallot.filter(box=box).count() == 1


async def test_the_meeting_date_starts_at_today(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    from core.clock import today

    _process, _proposals, box = setup
    await _official(client, areas, "370104013000")
    page = (await client.get(f"/desk/paper/{box.id}/meeting")).text
    assert f'name="meeting_date" type="date" value="{today().isoformat()}"' in page


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


@pytest.mark.parametrize("value", ["²", "١", "9999999999"])
async def test_junk_on_a_paper_ballot_is_a_400(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple, value: str
) -> None:
    """Issue 14 item 11: "²" in a paper entry or a batch answered 500."""
    _process, proposals, box = setup
    await _official(client, areas, "370104013000")
    one = await post(client, f"/desk/paper/{box.id}", {"id_number": id_number(1), "p²": "1"})
    assert one.status_code == 400 and "选票数据无效" in one.text and "项目0" in one.text
    one = await post(
        client, f"/desk/paper/{box.id}", {"id_number": id_number(1), f"p{proposals[0].id}": value}
    )
    assert one.status_code == 400 and "选票数据无效" in one.text
    batch = await client.post(
        f"/desk/paper/{box.id}/batch",
        data={"csrf_token": await csrf(client)},
        files={"file": ("paper.csv", f"身份证号,选择\n{id_number(1)},{value}\n".encode())},
    )
    assert batch.status_code == 400 and "第 2 行「选择」：应为项目编号" in batch.text
    assert not await SealedBallot.exists()


async def test_a_paper_ballot_passes_the_voting_age_rule(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    """Issue 14 item 4: an official entered a counted paper ballot for a 10-year-old
    (minimum age 18). Paper and online ballots now pass the same rules, in one place."""
    import datetime as dt

    from core.clock import today
    from residents import idcard

    _process, proposals, box = setup
    born = today().replace(year=today().year - 10, day=1)
    child = idcard.make_number("370104", born, 7)
    await RosterEntry.create(
        area=areas[VILLAGE], id_hash=idcard.id_hash(child), name="小明", birth_date=born
    )
    eighteen_tomorrow = today().replace(year=today().year - 18) + dt.timedelta(days=1)
    almost = idcard.make_number("370104", eighteen_tomorrow, 8)
    await RosterEntry.create(
        area=areas[VILLAGE],
        id_hash=idcard.id_hash(almost),
        name="小红",
        birth_date=eighteen_tomorrow,
    )
    await _official(client, areas, "370104013000")
    for number in (child, almost):
        one = await post(
            client, f"/desk/paper/{box.id}", {"id_number": number, f"p{proposals[0].id}": "1"}
        )
        assert one.status_code == 400 and "此人未满 18 周岁，不能投票" in one.text
    batch = await _batch(
        client,
        box,
        f"身份证号,选择\n{id_number(1)},{proposals[0].id}\n{child},{proposals[0].id}\n",
    )
    assert batch.status_code == 400
    assert "第 3 行「身份证号」：此人未满 18 周岁，不能投票" in batch.text
    assert not await SealedBallot.exists()


async def test_one_id_number_on_two_rosters_votes_once(
    client: httpx.AsyncClient, areas: dict[str, Area], setup: tuple
) -> None:
    """Issue 14 item 3: one ID number on two villages' rosters voted online through one and
    was entered on paper through the other (two counted ballots); a paper entry for it in a
    box covering both villages answered 500 (MultipleObjectsReturned)."""
    from ballot_factories import verified_voter

    from votes.models import VoterMark

    process, proposals, box = setup
    online = await verified_voter("13900000001", areas[VILLAGE], 901)
    other = await RosterEntry.create(
        area=areas["370104013202"],
        id_hash=online.id_hash,
        name="同一人",
        birth_date=online.birth_date,
    )
    await services.ballot_cast(process, box, online, {proposals[0].id: 1})
    await _official(client, areas, "370104013000")
    paper = await post(
        client, f"/desk/paper/{box.id}", {"id_number": id_number(901), f"p{proposals[1].id}": "1"}
    )
    assert paper.status_code == 400 and "此人已经投过票" in paper.text
    batch = await _batch(client, box, f"身份证号,选择\n{id_number(901)},{proposals[1].id}\n")
    assert batch.status_code == 400 and "第 2 行「身份证号」：此人已经投过票" in batch.text
    with pytest.raises(services.BallotRefused, match="已经投过票"):
        from core.principal import load_principal

        actor = await load_principal((await make_user("13800000009", Role.ADMIN)).id)
        assert actor is not None
        await services.paper_ballot_enter(actor, process, box, other, {proposals[1].id: 1})
    assert await SealedBallot.filter(box=box).count() == 1
    assert await VoterMark.filter(box=box).count() == 1
    # Replacing the online ballot still works, through the entry that cast it.
    await services.ballot_cast(process, box, online, {proposals[2].id: 1})
    assert await SealedBallot.filter(box=box).count() == 1
    # Through the other entry (a second account verified against it): refused.
    with pytest.raises(services.BallotRefused, match="另一份名册"):
        await services.ballot_cast(process, box, other, {proposals[1].id: 1})
    assert await SealedBallot.filter(box=box).count() == 1


async def test_paper_first_then_online_through_another_roster_is_refused(
    areas: dict[str, Area], setup: tuple
) -> None:
    from ballot_factories import verified_voter

    from core.principal import load_principal

    process, proposals, box = setup
    online = await verified_voter("13900000001", areas[VILLAGE], 901)
    other = await RosterEntry.create(
        area=areas["370104013202"],
        id_hash=online.id_hash,
        name="同一人",
        birth_date=online.birth_date,
    )
    actor = await load_principal((await make_user("13800000009", Role.ADMIN)).id)
    assert actor is not None
    await services.paper_ballot_enter(actor, process, box, other, {proposals[1].id: 1})
    with pytest.raises(services.BallotRefused, match="纸质选票已由工作人员录入"):
        await services.ballot_cast(process, box, online, {proposals[0].id: 1})
    assert await SealedBallot.filter(box=box).count() == 1


async def test_two_accounts_of_one_id_number_casting_at_once_leave_one_ballot(
    areas: dict[str, Area], setup: tuple
) -> None:
    """Each account verified against its own village's entry of the same ID number; their
    casts race (on PostgreSQL through the batched first-cast statement): one ballot."""
    import asyncio

    from ballot_factories import verified_voter

    from votes.models import VoterMark

    process, proposals, box = setup
    first = await verified_voter("13900000001", areas[VILLAGE], 901)
    user = await make_user("13900000002", Role.RESIDENT, verified=False)
    second = await RosterEntry.create(
        area=areas["370104013202"],
        id_hash=first.id_hash,
        name="同一人",
        birth_date=first.birth_date,
        user=user,
    )
    outcomes = await asyncio.gather(
        *(
            services.ballot_cast(process, box, entry, {proposals[n % 3].id: 1})
            for n, entry in enumerate([first, second] * 5)
        ),
        return_exceptions=True,
    )
    assert all(isinstance(o, str | services.BallotRefused) for o in outcomes), outcomes
    assert await SealedBallot.filter(box=box).count() == 1
    assert await VoterMark.filter(box=box).count() == 1


async def test_the_database_holds_one_mark_per_id_number_and_box(
    areas: dict[str, Area], setup: tuple
) -> None:
    from tortoise.exceptions import IntegrityError

    from votes.models import VoterMark

    _process, _proposals, box = setup
    a, b = await RosterEntry.filter(area=areas[VILLAGE]).order_by("id").limit(2)
    await VoterMark.create(box=box, entry=a, id_hash="f" * 64, channel=Channel.ONLINE)
    with pytest.raises(IntegrityError):
        await VoterMark.create(box=box, entry=b, id_hash="f" * 64, channel=Channel.PAPER)
