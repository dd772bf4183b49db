"""Writing, saving, submitting and withdrawing proposals; validation keeps what was typed."""

from __future__ import annotations

import httpx
import pytest
from project_factories import make_process, make_proposal, proposal_form
from support import login, make_user, post

from core.models import Area, AuditEntry, Role, User
from projects.models import Phase, Process, Proposal, ProposalStatus

VILLAGE = "370104013201"  # 吴家堡村, in 吴家堡街道 370104013000


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"])


@pytest.fixture
async def resident(client: httpx.AsyncClient, areas: dict[str, Area]) -> User:
    user = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], name="张桂兰")
    await login(client, "13900000001")
    return user


async def test_resident_submits_a_complete_proposal(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    response = await post(client, f"/processes/{process.id}/propose", proposal_form(areas[VILLAGE]))
    assert response.status_code == 303, response.text
    proposal = await Proposal.get(title="村东主路硬化")
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_at
    assert proposal.total_cost_fen == 42_000_000
    assert proposal.meeting_eligible == 0 and proposal.requested_subsidy_fen == 0  # the cadre's
    assert proposal.author_id == resident.id  # type: ignore[attr-defined]
    assert not proposal.on_behalf_of_village
    page = await client.get(f"/proposals/{proposal.id}")
    assert "¥420,000.00" in page.text and "待审核" in page.text
    assert "村民会议的决议由村/社区干部审核时录入" in page.text  # not "0 / 0 / 0"
    assert "0 / 0 / 0" not in page.text


async def test_draft_saves_incomplete_and_edits_later(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    draft = {"area": str(areas[VILLAGE].id), "title": "先存个草稿", "action": "save"}
    response = await post(client, f"/processes/{process.id}/propose", draft)
    assert response.status_code == 303
    proposal = await Proposal.get(title="先存个草稿")
    assert proposal.status == ProposalStatus.DRAFT
    edit = await client.get(f"/proposals/{proposal.id}/edit")
    assert 'value="先存个草稿"' in edit.text
    response = await post(
        client, f"/proposals/{proposal.id}/edit", proposal_form(areas[VILLAGE], title="先存个草稿")
    )
    assert response.status_code == 303
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    # Once submitted, it can no longer be edited.
    assert (await client.get(f"/proposals/{proposal.id}/edit")).status_code == 403


async def test_the_form_asks_a_resident_only_what_a_resident_knows(
    client: httpx.AsyncClient, process: Process, resident: User
) -> None:
    page = await client.get(f"/processes/{process.id}/propose")
    assert page.status_code == 200
    for asked in ('name="title"', 'name="location"', 'name="summary"', 'name="body"'):
        assert asked in page.text
    assert 'name="total_cost"' in page.text and 'name="files"' in page.text
    for cadres in ("meeting_eligible", "meeting_present", "meeting_in_favour", "requested_subsidy"):
        assert f'name="{cadres}"' not in page.text
    assert "5万" in page.text  # the hint says any common way of writing the amount will do


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("5万", 5_000_000), ("5.2万元", 5_200_000), ("¥50000", 5_000_000), ("５万元整", 5_000_000)],
)
async def test_an_amount_in_any_common_form_is_read_exactly(
    client: httpx.AsyncClient,
    process: Process,
    resident: User,
    areas: dict[str, Area],
    typed: str,
    fen: int,
) -> None:
    form = proposal_form(areas[VILLAGE], total_cost=typed)
    response = await post(client, f"/processes/{process.id}/propose", form)
    assert response.status_code == 303, response.text
    assert (await Proposal.get(title="村东主路硬化")).total_cost_fen == fen


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "请填写项目名称"),
        ({"total_cost": "12.345"}, "大约要花多少钱最多两位小数（到分）"),
        ({"total_cost": "5千万5"}, "大约要花多少钱看不懂：请写成 50000、5万 或 5.2万元"),
        ({"total_cost": "-5"}, "大约要花多少钱看不懂"),
        ({"total_cost": "五万"}, "大约要花多少钱看不懂"),
        ({"total_cost": "0"}, "大约要花多少钱必须大于 0"),
        ({"summary": ""}, "请填写要做什么"),
        ({"category": "casino"}, "请选择类别"),
        ({"area": "999999"}, "请选择项目所在的村/社区"),
    ],
)
async def test_every_rule_has_a_chinese_message_and_keeps_input(
    client: httpx.AsyncClient,
    process: Process,
    resident: User,
    areas: dict[str, Area],
    overrides: dict[str, str],
    message: str,
) -> None:
    form = proposal_form(areas[VILLAGE], **overrides)
    response = await post(client, f"/processes/{process.id}/propose", form)
    assert response.status_code == 400
    assert message in response.text
    assert "雨天泥泞，出行难。" in response.text  # what was typed is still there
    assert not await Proposal.exists()


async def test_no_proposals_outside_collecting(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    voting = await make_process(areas["370104013000"], Phase.VOTING)
    response = await post(client, f"/processes/{voting.id}/propose", proposal_form(areas[VILLAGE]))
    assert response.status_code == 303
    assert not await Proposal.exists()
    assert "不在征集阶段" in (await client.get(response.headers["location"])).text


async def test_resident_cannot_propose_for_another_village(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    form = proposal_form(areas["370104013202"])
    response = await post(client, f"/processes/{process.id}/propose", form)
    assert response.status_code == 400
    assert not await Proposal.exists()


async def test_resident_outside_the_process_area_is_refused(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    other = await make_process(areas["370104100000"])
    await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000002")
    assert (await client.get(f"/processes/{other.id}/propose")).status_code == 403


async def test_official_proposes_on_behalf_of_a_village_audited(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    response = await post(
        client, f"/processes/{process.id}/propose", proposal_form(areas["370104013203"])
    )
    assert response.status_code == 303
    proposal = await Proposal.get(title="村东主路硬化")
    assert proposal.on_behalf_of_village
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"proposal.create", "proposal.submit"} <= actions


async def test_withdraw_by_author_only(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    stranger = await make_user("13900000009", Role.RESIDENT, home=areas[VILLAGE])
    mine = await make_proposal(process, areas[VILLAGE], resident)
    theirs = await make_proposal(process, areas[VILLAGE], stranger)
    assert (await post(client, f"/proposals/{mine.id}/withdraw")).status_code == 303
    assert (await post(client, f"/proposals/{theirs.id}/withdraw")).status_code == 403
    await mine.refresh_from_db()
    await theirs.refresh_from_db()
    assert mine.status == ProposalStatus.WITHDRAWN
    assert theirs.status == ProposalStatus.SUBMITTED


async def test_script_in_a_proposal_is_shown_escaped(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    proposal = await make_proposal(
        process,
        areas[VILLAGE],
        resident,
        title="<script>alert(1)</script>",
        body='<img src=x onerror="alert(2)">',
    )
    page = await client.get(f"/proposals/{proposal.id}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text


async def test_drafts_are_private(
    client: httpx.AsyncClient, process: Process, resident: User, areas: dict[str, Area]
) -> None:
    draft = await make_proposal(process, areas[VILLAGE], resident, ProposalStatus.DRAFT)
    assert (await client.get(f"/proposals/{draft.id}")).status_code == 200
    await post(client, "/logout")
    assert (await client.get(f"/proposals/{draft.id}")).status_code == 404
    listing = await client.get(f"/processes/{process.id}")
    assert "村东路灯" not in listing.text
