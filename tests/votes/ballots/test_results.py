"""Tally runs, the public results and award list, exports read back, finance, embargo."""

from __future__ import annotations

import io
import json

import httpx
import pandas as pd
import pytest
from ballot_factories import VILLAGE, roster_entries, voting_process
from openpyxl import load_workbook
from sealing_support import open_sealed
from support import login, make_user, post, run_jobs

from core.models import Area, AuditEntry, Role
from projects.models import Phase, Process, Proposal, ProposalStatus
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import Award, TallySnapshot


@pytest.fixture
async def counted(areas: dict[str, Area]) -> tuple[Process, list[Proposal]]:
    """Budget ¥1,000,000; project costs ¥300k, ¥200k, ¥100k; votes 5, 3, 1."""
    process, proposals = await voting_process(areas, max_picks=3, budget_fen=40_000_000)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 9)
    plan = [proposals[0]] * 5 + [proposals[1]] * 3 + [proposals[2]]
    for entry, proposal in zip(entries, plan, strict=True):
        await services.ballot_cast(process, box, entry, {proposal.id: 1})
    return process, proposals


async def _admin(client: httpx.AsyncClient) -> None:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")


async def test_results_are_embargoed_until_voting_closes(
    client: httpx.AsyncClient, counted: tuple[Process, list[Proposal]]
) -> None:
    process, _proposals = counted
    for path in ("results", "awards", "awards.xlsx", "awards.csv", "awards.json"):
        response = await client.get(f"/processes/{process.id}/{path}")
        assert response.status_code == 404, path
    await _admin(client)
    refused = await post(client, f"/admin/processes/{process.id}/tally")
    assert "只有在计票阶段" in (await client.get(refused.headers["location"])).text
    assert not await TallySnapshot.exists()


async def test_tally_run_stores_an_immutable_snapshot_and_awards(
    client: httpx.AsyncClient, counted: tuple[Process, list[Proposal]]
) -> None:
    process, proposals = counted
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await _admin(client)
    response = await post(client, f"/admin/processes/{process.id}/tally")
    assert response.status_code == 303
    job = response.headers["location"]
    assert "排队中" in (await client.get(job)).text and not await TallySnapshot.exists()
    assert await run_jobs() == 1  # the worker counts, not the request
    done = (await client.get(job)).text
    assert "计票完成：1 个投票箱" in done and f"/processes/{process.id}/results" in done
    snapshot = await TallySnapshot.get()
    # ¥400,000 pool: ¥300k (5 votes) funded, ¥200k does not fit, ¥100k (1 vote) fits.
    assert snapshot.result["selected"] == [str(proposals[0].id), str(proposals[2].id)]
    assert snapshot.ballots == 9
    await post(client, f"/admin/processes/{process.id}/tally")  # same inputs, same hash
    await run_jobs()
    assert await TallySnapshot.all().count() == 1
    assert await AuditEntry.filter(action="process.tally").count() == 2
    assert await AuditEntry.filter(action="process.tally_queued").count() == 2
    statuses = {p.id: (await Proposal.get(id=p.id)).status for p in proposals}
    assert statuses[proposals[1].id] == ProposalStatus.NOT_FUNDED
    assert statuses[proposals[0].id] == ProposalStatus.FUNDED
    page = await client.get(f"/processes/{process.id}/results")
    assert page.status_code == 200
    assert "项目0" in page.text and "不足以支付" in page.text and "<svg" in page.text
    assert snapshot.input_hash in page.text


async def test_award_list_exports_read_back(
    client: httpx.AsyncClient, counted: tuple[Process, list[Proposal]], areas: dict[str, Area]
) -> None:
    process, _proposals = counted
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await _admin(client)
    await post(client, f"/admin/processes/{process.id}/tally")
    await run_jobs()
    xlsx = await client.get(f"/processes/{process.id}/awards.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["汇总", "吴家堡街道"]
    sheet = book["吴家堡街道"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:3] == ["序号", "项目名称", "村/社区"]
    assert sheet["B2"].value == "项目0" and float(sheet["I2"].value) == 300_000
    assert sheet["I2"].number_format == '"¥"#,##0.00'
    assert sheet["A4"].value == "小计" and float(sheet["I4"].value) == 400_000
    frame = pd.read_excel(io.BytesIO(xlsx.content), sheet_name="吴家堡街道")
    assert list(frame["财政奖补（元）"][:2]) == [300000, 100000]
    csv = await client.get(f"/processes/{process.id}/awards.csv")
    assert csv.content.startswith("\ufeff".encode())
    table = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig", dtype=str)
    assert list(table["项目名称"][:2]) == ["项目0", "项目2"]
    assert table["财政奖补（元）"][0] == "300000.00"
    data = json.loads((await client.get(f"/processes/{process.id}/awards.json")).content)
    assert data["total_subsidy_fen"] == 40_000_000 and data["awards"][0]["votes"] == 5
    notice = await client.get(f"/processes/{process.id}/awards/notice")
    assert "公示期 7 天" in notice.text


async def test_finance_confirms_and_disburses_audited(
    client: httpx.AsyncClient, counted: tuple[Process, list[Proposal]]
) -> None:
    process, proposals = counted
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await _admin(client)
    await post(client, f"/admin/processes/{process.id}/tally")
    await run_jobs()
    await post(client, "/logout")
    await make_user("13800000003", Role.FINANCE)
    await login(client, "13800000003")
    award = await Award.get(proposal_id=proposals[0].id)
    too_much = await post(client, f"/finance/awards/{award.id}", {"confirmed": "300000.01"})
    assert "不能超过计票确定的奖补额" in (await client.get(too_much.headers["location"])).text
    await post(
        client,
        f"/finance/awards/{award.id}",
        {"confirmed": "290000", "disbursed": "100000", "disbursed_on": "2026-12-01"},
    )
    await award.refresh_from_db()
    assert (award.confirmed_fen, award.disbursed_fen) == (29_000_000, 10_000_000)
    # Issue 14 item 15: never confirmed below what has already been disbursed.
    below = await post(client, f"/finance/awards/{award.id}", {"confirmed": "99999.99"})
    assert (
        "核定奖补不能低于已拨付的 100000 元" in (await client.get(below.headers["location"])).text
    )
    await award.refresh_from_db()
    assert (award.confirmed_fen, award.disbursed_fen) == (29_000_000, 10_000_000)
    exact = await post(client, f"/finance/awards/{award.id}", {"confirmed": "100000"})
    assert exact.status_code == 303
    await award.refresh_from_db()
    assert award.confirmed_fen == 10_000_000
    await post(client, f"/finance/awards/{award.id}", {"confirmed": "290000"})
    entry = await AuditEntry.filter(action="award.finance").order_by("id").first()
    assert entry is not None
    assert entry.after["confirmed_fen"] == 29_000_000
    fuller = await client.get(f"/finance/processes/{process.id}/awards.xlsx")
    sheet = load_workbook(io.BytesIO(fuller.content))["吴家堡街道"]
    assert [c.value for c in sheet[1]][-3:] == ["财政核定（元）", "已拨付（元）", "拨付日期"]
    await post(client, "/logout")
    await make_user("13900000007", Role.RESIDENT)
    await login(client, "13900000007")
    assert (await client.get("/finance")).status_code == 403


async def test_anyone_can_recompute_from_the_published_ballots(
    client: httpx.AsyncClient, counted: tuple[Process, list[Proposal]]
) -> None:
    from votes.pabulib import parse_pb
    from votes.rules import tally

    process, _proposals = counted
    [box] = await boxes_of(process)
    url = f"/processes/{process.id}/boxes/{box.id}/ballots.pb"
    assert (await client.get(url)).status_code == 404  # still voting: embargoed
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await _admin(client)
    await post(client, f"/admin/processes/{process.id}/tally")
    await run_jobs()
    published = await client.get(url)
    assert published.status_code == 200
    assert "13800000001" not in published.text and "村民" not in published.text
    document = parse_pb(published.text)
    snapshot = await TallySnapshot.get(box=box)
    recomputed = tally(document.election, process.tally_rule.value)
    assert list(recomputed.selected) == snapshot.result["selected"]


async def test_funded_projects_are_listed_in_the_order_chosen(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """The rule picks the most voted first; the page lists them so, whatever their ids, and
    each line's money-left falls down the list."""
    process, proposals = await voting_process(areas, max_picks=3, budget_fen=40_000_000)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 6)
    plan = [proposals[2]] * 3 + [proposals[1]] * 2 + [proposals[0]]  # the last made, most votes
    for entry, proposal in zip(entries, plan, strict=True):
        await services.ballot_cast(process, box, entry, {proposal.id: 1})
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await _admin(client)
    assert (await post(client, f"/admin/processes/{process.id}/tally")).status_code == 303
    await run_jobs()
    page = (await client.get(f"/processes/{process.id}/results")).text
    funded = page.split("获得资金的项目")[1].split("未获资金的项目")[0]
    shown = [
        funded.index(p.title + "<")
        for p in (proposals[2], proposals[1], proposals[0])
        if p.title + "<" in funded
    ]
    assert len(shown) >= 2 and shown == sorted(shown)
