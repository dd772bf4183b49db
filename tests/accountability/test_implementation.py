"""Implementation tracking through the real pages: officials of the area enter the plan,
milestones with photos and spend; finance confirms spend; the public progress page and the
proposal's story show it; closing waits for acceptance (验收)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

import httpx
import pytest
from accountability_factories import funded
from PIL import Image
from support import csrf, login, make_user, post

from accountability.implementation import services
from accountability.implementation.models import Milestone, MilestoneFile, Spend, WorkPlan
from core import settings
from core.clock import today
from core.models import Area, AuditEntry, Role, User
from core.principal import load_principal
from projects.models import Phase, Process, Proposal, ProposalStatus
from votes.models import Award

TOWNSHIP = "370104013000"


@pytest.fixture
async def project(areas: dict[str, Area]) -> tuple[Process, Proposal, Award]:
    return await funded(areas)


async def _official(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    scope: str = TOWNSHIP,
    mobile: str = "13800000041",
) -> None:
    if not await User.exists(mobile=mobile):
        await make_user(mobile, Role.OFFICIAL, scope=areas[scope])
    client.cookies.clear()
    await login(client, mobile)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(buffer, "JPEG")
    return buffer.getvalue()


async def _milestone(
    client: httpx.AsyncClient,
    proposal: Proposal,
    kind: str,
    on: dt.date,
    pct: int,
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
) -> httpx.Response:
    data = {
        "csrf_token": await csrf(client),
        "kind": kind,
        "happened_on": on.isoformat(),
        "progress_pct": str(pct),
        "note": f"{kind} 现场情况",
    }
    return await client.post(
        f"/desk/implementation/{proposal.id}/milestones", data=data, files=files or []
    )


async def test_an_official_reports_a_whole_project_with_photos(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, _award = project
    await _official(client, areas)
    day = today() - dt.timedelta(days=20)
    plan = await post(
        client,
        f"/desk/implementation/{proposal.id}/plan",
        {
            "planned_start": day.isoformat(),
            "planned_finish": (day + dt.timedelta(days=60)).isoformat(),
        },
    )
    assert plan.status_code == 303
    started = await _milestone(
        client, proposal, "start", day, 0, [("files", ("开工.jpg", _jpeg(), "image/jpeg"))]
    )
    assert started.status_code == 303
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.IMPLEMENTING
    assert (
        await _milestone(client, proposal, "progress", day + dt.timedelta(days=5), 60)
    ).status_code == 303
    backwards = await _milestone(client, proposal, "progress", day + dt.timedelta(days=6), 50)
    assert backwards.status_code == 400 and "不能低于上次登记的 60％" in backwards.text
    assert "50" in backwards.text  # what was typed is kept
    assert await Milestone.filter(proposal=proposal).count() == 2

    photo = await MilestoneFile.get()
    public = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    page = await public.get(f"/proposals/{proposal.id}")
    assert "投票、奖补与实施" in page.text and "工程进度 60％" in page.text
    assert f"/milestone-files/{photo.id}/thumb" in page.text
    thumb = await public.get(f"/milestone-files/{photo.id}/thumb")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"

    for kind, offset in (("complete", 10), ("accept", 12)):
        done = await _milestone(client, proposal, kind, day + dt.timedelta(days=offset), 100)
        assert done.status_code == 303
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.COMPLETED
    assert await AuditEntry.filter(action="implementation.milestone").count() == 4
    assert await AuditEntry.filter(action="implementation.plan").count() == 1
    progress = await public.get(f"/processes/{process.id}/progress")
    assert progress.status_code == 200 and "验收" in progress.text


async def test_the_desk_dates_start_at_today_in_china(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    """Issue 17 item 7: milestone and spend dates did not default to today."""
    _process, proposal, _award = project
    await _official(client, areas)
    page = (await client.get(f"/desk/implementation/{proposal.id}")).text
    day = today().isoformat()
    for name in ("planned_start", "happened_on", "spent_on"):
        assert f'name="{name}" type="date" value="{day}"' in page, name
    assert 'name="planned_finish" type="date" value=""' in page  # no guess at the end
    assert 'class="two-cols implementation-cols"' in page  # one column on a phone (CSS)


async def test_spend_is_capped_at_the_approved_subsidy_and_confirmed_by_finance(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, award = project
    award.confirmed_fen = 29_000_000  # finance approved ¥290,000 of the ¥300,000 granted
    await award.save()
    await _official(client, areas)
    spend = {"amount": "200,000.50", "spent_on": today().isoformat(), "purpose": "水泥、砂石"}
    assert (
        await post(client, f"/desk/implementation/{proposal.id}/spends", spend)
    ).status_code == 303
    over = await post(
        client, f"/desk/implementation/{proposal.id}/spends", spend | {"amount": "90000"}
    )
    assert over.status_code == 400 and "最多还能登记 89,999.50 元" in over.text
    bad = await post(
        client, f"/desk/implementation/{proposal.id}/spends", spend | {"amount": "1.234"}
    )
    assert bad.status_code == 400 and "最多两位小数" in bad.text
    assert [s.amount_fen for s in await Spend.all()] == [20_000_050]

    refused = await post(client, f"/finance/spends/{(await Spend.get()).id}/confirm")
    assert refused.status_code == 403  # officials enter spend; only finance confirms it
    await make_user("13800000043", Role.FINANCE)
    client.cookies.clear()
    await login(client, "13800000043")
    finance_page = await client.get(f"/finance/processes/{process.id}")
    assert "水泥、砂石" in finance_page.text
    assert (
        await post(client, f"/finance/spends/{(await Spend.get()).id}/confirm")
    ).status_code == 303
    again = await post(client, f"/finance/spends/{(await Spend.get()).id}/confirm")
    assert "已经确认过" in (await client.get(again.headers["location"])).text
    assert await AuditEntry.filter(action="implementation.spend_confirm").count() == 1

    csv = await client.get(f"/processes/{process.id}/progress.csv")
    text = csv.content.decode("utf-8-sig")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert "290000.00" in text and "200000.50" in text and "68" in text  # 68 % spent


async def test_concurrent_spend_cannot_pass_the_cap_together(
    areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, _award = project
    official = await make_user("13800000044", Role.OFFICIAL, scope=areas[TOWNSHIP])
    actor = await load_principal(official.id)
    assert actor is not None

    async def spend() -> bool:
        try:
            await services.spend_record(
                actor,
                proposal,
                process,
                amount_fen=20_000_000,
                spent_on=today(),
                purpose="同时登记",
            )
            return True
        except services.ImplementationRefused:
            return False

    results = await asyncio.gather(*(spend() for _ in range(5)))
    assert results.count(True) == 1  # ¥200,000 fits once into ¥300,000
    assert sum(s.amount_fen for s in await Spend.all()) == 20_000_000


async def test_officials_of_other_areas_and_residents_cannot_touch_it(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _official(client, areas, scope="370104100000", mobile="13800000045")
    assert (await client.get(f"/desk/implementation/{proposal.id}")).status_code == 403
    assert proposal.title not in (await client.get("/desk/implementation")).text
    spend = {"amount": "100", "spent_on": today().isoformat(), "purpose": "越权"}
    assert (
        await post(client, f"/desk/implementation/{proposal.id}/spends", spend)
    ).status_code == 403
    await make_user("13900000046", Role.RESIDENT, home=areas["370104013201"])
    client.cookies.clear()
    await login(client, "13900000046")
    assert (await client.get(f"/desk/implementation/{proposal.id}")).status_code == 403
    assert not await Spend.exists() and not await WorkPlan.exists()


async def test_nothing_is_tracked_before_funding_and_the_page_waits_for_it(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposal, _award = await funded(areas, phase=Phase.PUBLICITY)
    assert (await client.get(f"/processes/{process.id}/progress")).status_code == 404
    assert (await client.get(f"/processes/{process.id}/progress.csv")).status_code == 404
    await _official(client, areas)
    response = await _milestone(client, proposal, "start", today(), 0)
    assert response.status_code == 400 and "立项后" in response.text
    assert not await Milestone.exists()


async def test_overdue_projects_are_highlighted(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, _award = project
    await WorkPlan.create(
        proposal=proposal,
        planned_start=today() - dt.timedelta(days=90),
        planned_finish=today() - dt.timedelta(days=1),
    )
    page = await client.get(f"/processes/{process.id}/progress")
    assert 'class="overdue"' in page.text and "逾期" in page.text
    assert "<strong>1</strong><span>逾期未完工" in page.text
    # The per-village table names the village first and its township beneath (phones).
    village = await proposal.area
    township = await village.parent
    assert f'<td>{village.name}<br><span class="muted">{township.name}</span></td>' in page.text


async def test_the_process_closes_only_when_every_funded_project_passed_acceptance(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, _proposal, _award = project
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    refused = await post(
        client, f"/admin/processes/{process.id}/phase", {"to": "closed", "confirm": "yes"}
    )
    assert "还有 2 个获奖补项目没有验收" in (await client.get(refused.headers["location"])).text
    for award in await Award.filter(proposal__process=process):
        for kind, pct in (("start", 0), ("complete", 100), ("accept", 100)):
            await Milestone.create(
                proposal_id=award.proposal_id,
                kind=kind,  # type: ignore[attr-defined]
                happened_on=today(),
                progress_pct=pct,
            )
    await post(client, f"/admin/processes/{process.id}/phase", {"to": "closed", "confirm": "yes"})
    assert (await Process.get(id=process.id)).phase == Phase.CLOSED


async def test_finance_cannot_confirm_less_than_the_spend_already_entered(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, award = project
    await Spend.create(proposal=proposal, amount_fen=15_000_000, spent_on=today(), purpose="材料")
    await make_user("13800000047", Role.FINANCE)
    await login(client, "13800000047")
    response = await post(client, f"/finance/awards/{award.id}", {"confirmed": "100000"})
    page = await client.get(response.headers["location"])
    assert "已登记的实施支出 150000 元超过了这个核定额" in page.text
    assert (await Award.get(id=award.id)).confirmed_fen is None
    await post(client, f"/finance/awards/{award.id}", {"confirmed": "150000"})
    assert (await Award.get(id=award.id)).confirmed_fen == 15_000_000


async def test_the_home_page_points_to_published_results_and_progress(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, _proposal, _award = project
    home = await client.get("/")
    assert f"/processes/{process.id}/awards" in home.text
    assert f"/processes/{process.id}/progress" in home.text
    assert f"/processes/{process.id}/objections" not in home.text  # publicity is over


async def test_a_refused_milestone_keeps_none_of_its_photos(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    """The order rule refuses a milestone inside the service, after its photos were
    stored: they are removed again, never left on disk without a record."""
    _process, proposal, _award = project
    await _official(client, areas)
    day = today() - dt.timedelta(days=20)
    assert (await _milestone(client, proposal, "start", day, 0)).status_code == 303
    assert (await _milestone(client, proposal, "progress", day, 60)).status_code == 303
    folder = settings.VAR_DIR / "uploads"
    before = sorted(folder.iterdir()) if folder.exists() else []
    photo = [("files", ("倒退.jpg", _jpeg(), "image/jpeg"))]
    backwards = await _milestone(client, proposal, "progress", day, 50, photo)
    assert backwards.status_code == 400 and "不能低于上次登记的 60％" in backwards.text
    assert (sorted(folder.iterdir()) if folder.exists() else []) == before
    assert not await MilestoneFile.exists()
