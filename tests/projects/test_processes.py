"""Admins set up processes and move them through phases; voting settings freeze."""

from __future__ import annotations

import re

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import login, make_user, post

from core.models import Area, AuditEntry, Role
from projects.models import Heading, Phase, PhaseLog, Process, ProposalStatus, VotingMethod


@pytest.fixture
async def admin(client: httpx.AsyncClient, areas: dict[str, Area]) -> httpx.AsyncClient:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return client


def process_form(area: Area, **overrides: str) -> dict[str, str]:
    return {
        "name": "2027 年度民生实事参与式预算",
        "area": str(area.id),
        "budget": "600,000",
        "voting_method": "approval",
        "tally_rule": "greedy",
        "min_picks": "1",
        "max_picks": "5",
        "min_voter_age": "18",
        "subsidy_ratio": "80",
        "subsidy_cap": "300000",
        "publicity_days": "7",
        "support_threshold": "3",
        "collecting_start": "2027-01-01",
        "collecting_end": "2027-02-01",
        "voting_start": "2027-03-01",
        "voting_end": "2027-03-08",
        "action": "save",
    } | overrides


async def test_admin_creates_a_process_with_headings(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    township = areas["370104013000"]
    village = areas["370104013201"]
    form = process_form(township, **{f"heading_{village.id}": "200000"})
    response = await post(admin, "/admin/processes/new", form)
    assert response.status_code == 303, response.text
    process = await Process.get(name="2027 年度民生实事参与式预算")
    assert process.budget_fen == 60_000_000 and process.phase == Phase.DRAFT
    assert str(process.subsidy_ratio) == "0.8000"
    heading = await Heading.get(process=process)
    assert heading.budget_fen == 20_000_000
    assert await AuditEntry.filter(action="process.create").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget": "0"}, "资金总额必须大于 0"),
        ({"voting_method": "cumulative", "points_total": "0"}, "积分投票须设定总点数"),
        (
            {"voting_method": "knapsack", "tally_rule": "equalshares"},
            "该计票规则不适用于所选投票方式",
        ),
        ({"min_picks": "6"}, "最少选择项数不能大于最多选择项数"),
        ({"voting_start": "2026-12-01"}, "日期顺序不对"),
        ({"subsidy_ratio": "120"}, "奖补比例应为 0 到 100 之间的百分数"),
        ({"name": ""}, "请填写批次名称"),
    ],
)
async def test_process_form_rules(
    admin: httpx.AsyncClient, areas: dict[str, Area], overrides: dict[str, str], message: str
) -> None:
    response = await post(
        admin, "/admin/processes/new", process_form(areas["370104013000"], **overrides)
    )
    assert response.status_code == 400 and message in response.text
    assert not await Process.exists()


async def test_listing_headings_saves_nothing_and_shows_no_errors(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """Issue 17 item 8: "按所选区域列出分项预算" answered with red field errors although
    nothing was being saved."""
    township = areas["370104013000"]
    form = {"area": str(township.id), "action": "refresh", "voting_method": "approval"}
    response = await post(admin, "/admin/processes/new", form)
    assert response.status_code == 200
    assert 'class="error"' not in response.text and "has-error" not in response.text
    assert "请按提示修改" not in response.text
    assert "吴家堡村（元）" in response.text  # the headings of the chosen area are listed
    assert not await Process.exists()


async def test_the_form_labels_each_setting_with_its_voting_method(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """Without JavaScript every setting shows, saying which methods read it; the script
    that hides the others is served from the form's page."""
    text = (await admin.get("/admin/processes/new")).text
    assert 'data-methods="cumulative"' in text and "适用于：积分投票" in text
    assert 'data-methods="knapsack"' in text
    assert 'data-rules="greedy-threshold"' in text
    script = re.search(r'<script src="(/static/js/process-form\.[0-9a-f]+\.js)"', text)
    assert script is not None
    served = await admin.get(script.group(1))
    assert served.status_code == 200 and "data-methods" in served.text


async def test_phases_advance_one_at_a_time_audited(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104013000"], Phase.DRAFT)
    await post(
        admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"}
    )  # a skip
    await process.refresh_from_db()
    assert process.phase == Phase.DRAFT
    await post(
        admin, f"/admin/processes/{process.id}/phase", {"to": "collecting", "confirm": "yes"}
    )
    await process.refresh_from_db()
    assert process.phase == Phase.COLLECTING
    entry = await AuditEntry.get(action="process.phase")
    assert entry.before == {"phase": "draft"} and entry.after == {"phase": "collecting"}
    assert await PhaseLog.filter(process=process, phase=Phase.COLLECTING).exists()


async def test_voting_needs_an_accepted_proposal(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104013000"], Phase.REVIEWING)
    asking = (await admin.get(f"/admin/processes/{process.id}/phase?to=voting")).text
    assert "现在还不能进入这个阶段：还没有通过审核的项目" in asking  # said before confirming
    response = await post(
        admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"}
    )
    assert "还没有通过审核的项目" in (await admin.get(response.headers["location"])).text
    author = await make_user("13900000001", Role.RESIDENT)
    await make_proposal(process, areas["370104013201"], author, ProposalStatus.ACCEPTED)
    await post(admin, f"/admin/processes/{process.id}/phase", {"to": "voting", "confirm": "yes"})
    await process.refresh_from_db()
    assert process.phase == Phase.VOTING


async def test_voting_settings_are_frozen_once_voting_opens(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    township = areas["370104013000"]
    process = await make_process(township, Phase.VOTING, name="冻结测试")
    page = await admin.get(f"/admin/processes/{process.id}/edit")
    assert "已锁定" in page.text
    tampered = process_form(
        township,
        name="冻结测试",
        voting_method="cumulative",
        points_total="10",
        budget="1000000",
        max_picks="3",
        min_picks="0",
        subsidy_ratio="100",
        subsidy_cap="",
    )
    response = await post(admin, f"/admin/processes/{process.id}/edit", tampered)
    assert response.status_code == 400
    assert "投票已开始，投票规则、预算和分项预算不能再修改" in response.text
    await process.refresh_from_db()
    assert process.voting_method == VotingMethod.APPROVAL
    # A disabled (unsent) voting section keeps the stored values: other edits still save.
    renamed = {
        "name": "改名后",
        "area": str(township.id),
        "description": "说明",
        "collecting_start": "",
        "collecting_end": "",
        "voting_start": "",
        "voting_end": "",
        "support_threshold": "0",
    }
    response = await post(admin, f"/admin/processes/{process.id}/edit", renamed)
    assert response.status_code == 303, response.text
    await process.refresh_from_db()
    assert process.name == "改名后" and process.publicity_days == 7


@pytest.mark.parametrize("phase", [Phase.VOTING, Phase.PUBLICITY])
@pytest.mark.parametrize(
    "change", [{"area": "370104100000"}, {"publicity_days": "5"}, {"publicity_days": "30"}]
)
async def test_the_electorate_and_publicity_window_lock_when_voting_opens(
    admin: httpx.AsyncClient, areas: dict[str, Area], phase: Phase, change: dict[str, str]
) -> None:
    """Issue 14 item 5: an admin moved a voting process from its area to another (voters
    lost their vote, cast ballots stayed) and cut publicity to a day while it ran."""
    township = areas["370104013000"]
    process = await make_process(township, phase, publicity_days=7)
    page = await admin.get(f"/admin/processes/{process.id}/edit")
    assert re.search(r'name="area" disabled', page.text)
    assert re.search(r'name="publicity_days"[^>]* disabled', page.text)
    sent = {"name": process.name, "area": str(township.id), "publicity_days": "7"}
    sent |= {k: str(areas[v].id) if k == "area" else v for k, v in change.items()}
    response = await post(admin, f"/admin/processes/{process.id}/edit", sent)
    assert response.status_code == 400
    assert "投票已开始，覆盖区域和公示天数不能再修改" in response.text
    await process.refresh_from_db()
    assert (process.area_id, process.publicity_days) == (township.id, 7)  # type: ignore[attr-defined]
    assert not await AuditEntry.filter(action="process.update").exists()


@pytest.mark.parametrize("days", ["4", "31", "0", "1000000000", "-7", "", "七"])
async def test_publicity_lasts_5_to_30_days(
    admin: httpx.AsyncClient, areas: dict[str, Area], days: str
) -> None:
    form = process_form(areas["370104013000"], publicity_days=days)
    response = await post(admin, "/admin/processes/new", form)
    assert response.status_code == 400
    assert any(
        message in response.text
        for message in ("公示天数应在 5 到 30 之间", "请填写公示天数", "公示天数必须是整数")
    )
    assert not await Process.exists()
    for days in ("5", "30"):
        form = process_form(areas["370104013000"], publicity_days=days, name=f"公示{days}天")
        assert (await post(admin, "/admin/processes/new", form)).status_code == 303


async def test_public_process_page(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    draft = await make_process(areas["370104013000"], Phase.DRAFT, name="内部筹备")
    page = await client.get(f"/processes/{process.id}")
    assert page.status_code == 200
    assert "100 万元" in page.text  # a pool reads in 万元 (core.formatting.wan_yuan)
    assert "征集" in page.text
    assert (await client.get(f"/processes/{draft.id}")).status_code == 404
    assert "内部筹备" not in (await client.get("/processes")).text
