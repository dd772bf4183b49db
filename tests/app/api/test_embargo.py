"""The results embargo in the API and the CSV downloads: nothing about the count until
voting closes, then the same figures as the results page and the award list."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import httpx
import pandas as pd
import pytest
from opendata_factories import World, close_voting, get_json

from projects.models import Phase

EMBARGOED = (
    "/api/v1/processes/{id}/results",
    "/api/v1/processes/{id}/awards",
    "/processes/{id}/results.csv",
    "/processes/{id}/awards.csv",
)


@pytest.mark.parametrize("phase", [Phase.COLLECTING, Phase.REVIEWING, Phase.VOTING])
async def test_nothing_about_the_count_before_voting_closes(
    client: httpx.AsyncClient, world: World, phase: Phase
) -> None:
    world.process.phase = phase
    await world.process.save()
    for template in EMBARGOED:
        response = await client.get(template.format(id=world.process.id))
        assert response.status_code == 404, template
        assert "投票截止后才公布结果" in response.text, template
        assert "项目0" not in response.text
    body: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/results", 404)
    assert body == {"error": {"status": 404, "message": "投票截止后才公布结果"}}


async def test_draft_process_results_are_not_found(client: httpx.AsyncClient, world: World) -> None:
    world.process.phase = Phase.DRAFT
    await world.process.save()
    for template in EMBARGOED:
        response = await client.get(template.format(id=world.process.id))
        assert response.status_code == 404 and "项目0" not in response.text


async def test_closed_but_not_yet_counted_says_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    await close_voting(world, tally=False)
    results: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/results")
    assert results == {"process_id": world.process.id, "boxes": []}
    awards: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/awards")
    assert awards["items"] == [] and awards["total_subsidy_fen"] == 0


async def test_results_after_the_tally(client: httpx.AsyncClient, world: World) -> None:
    await close_voting(world)
    data: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/results")
    [box] = data["boxes"]
    assert box["budget_fen"] == 40_000_000 and box["spent_fen"] == 40_000_000
    assert box["ballots"] == 9 and len(box["input_hash"]) == 64
    projects = box["projects"]
    assert [(p["title"], p["votes"], p["selected"]) for p in projects] == [
        ("项目0", 5, True),
        ("项目2", 1, True),
        ("项目1", 3, False),
    ]
    assert projects[2]["reason"] == "did_not_fit" and projects[2]["explanation"]
    assert all(isinstance(p["cost_fen"], int) for p in projects)
    assert box["ballots_file_url"].endswith(".pb")
    assert (await client.get(box["ballots_file_url"])).status_code == 200
    page = await client.get(f"/processes/{world.process.id}/results")
    assert f"/processes/{world.process.id}/results.csv" in page.text
    assert box["input_hash"] in page.text


async def test_award_list_after_the_tally(client: httpx.AsyncClient, world: World) -> None:
    await close_voting(world)
    data: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/awards")
    assert [a["title"] for a in data["items"]] == ["项目0", "项目2"]
    assert data["total_subsidy_fen"] == 40_000_000
    first = data["items"][0]
    assert first["subsidy_fen"] == 30_000_000 and first["votes"] == 5
    assert first["village"]["code"] == "370104013201" and first["township"] == "吴家堡街道"
    assert "confirmed_fen" not in first and "disbursed_fen" not in first


async def test_results_csv_reads_back(client: httpx.AsyncClient, world: World) -> None:
    await close_voting(world)
    response = await client.get(f"/processes/{world.process.id}/results.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert list(table["项目名称"]) == ["项目0", "项目2", "项目1"]
    assert list(table["获得资金"]) == ["是", "是", "否"]
    assert list(table["金额（元）"]) == ["300000.00", "100000.00", "200000.00"]


@pytest.mark.parametrize("page", ["results", "awards", "awards/notice"])
async def test_a_page_not_yet_published_says_so_and_when(
    client: httpx.AsyncClient, world: World, page: str
) -> None:
    """Not "页面不存在": the results, award list and notice say they are not published yet
    and when they will be, in the phase the process is in (issue 17)."""
    world.process.phase = Phase.VOTING
    world.process.voting_end = dt.date(2027, 6, 30)
    await world.process.save()
    response = await client.get(f"/processes/{world.process.id}/{page}")
    assert response.status_code == 404
    assert "结果尚未公布" in response.text and "页面不存在" not in response.text
    assert "“投票”阶段" in response.text and "投票截止后才公布结果" in response.text
    assert "投票计划于 2027年6月30日 截止" in response.text
    assert f'href="/processes/{world.process.id}/vote"' in response.text
    assert "项目0" not in response.text
