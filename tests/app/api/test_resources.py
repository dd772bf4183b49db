"""The open-data API's resources: lists with paging, details, 404s and 400s as JSON,
caching and CORS headers."""

from __future__ import annotations

from typing import Any

import httpx
from opendata_factories import World, get_json

from core.models import Area
from projects.models import Phase, Process, ProposalStatus


async def test_process_list_pages_and_hides_drafts(
    client: httpx.AsyncClient, world: World, areas: dict[str, Area]
) -> None:
    hidden = await Process.create(
        name="筹备中的批次",
        area=areas["370104013000"],
        phase=Phase.DRAFT,
        budget_fen=1,
        voting_method="approval",
        tally_rule="greedy",
    )
    extra = [
        await Process.create(
            name=f"批次{i}",
            area=areas["370104013000"],
            phase=Phase.COLLECTING,
            budget_fen=100 * i,
            voting_method="approval",
            tally_rule="greedy",
        )
        for i in range(3)
    ]
    data: Any = await get_json(client, "/api/v1/processes?limit=2")
    assert data["total"] == 4 and data["limit"] == 2 and data["offset"] == 0
    assert [p["id"] for p in data["items"]] == [extra[2].id, extra[1].id]
    rest: Any = await get_json(client, "/api/v1/processes?limit=2&offset=2")
    assert [p["id"] for p in rest["items"]] == [extra[0].id, world.process.id]
    assert rest["items"][1] == {
        "id": world.process.id,
        "name": "2027 年度民生实事",
        "area": {"code": "370104013000", "name": areas["370104013000"].name},
        "phase": "voting",
        "budget_fen": 40_000_000,
        "html_url": f"/processes/{world.process.id}",
    }
    assert hidden.id not in [p["id"] for p in data["items"] + rest["items"]]
    await get_json(client, f"/api/v1/processes/{hidden.id}", 404)
    await get_json(client, f"/api/v1/processes/{hidden.id}/proposals", 404)


async def test_process_detail(client: httpx.AsyncClient, world: World) -> None:
    data: Any = await get_json(client, f"/api/v1/processes/{world.process.id}")
    assert data["voting_method"] == "approval" and data["tally_rule"] == "greedy"
    assert data["budget_fen"] == 40_000_000 and isinstance(data["budget_fen"], int)
    assert [s["phase"] for s in data["timeline"]][:4] == [
        "draft",
        "collecting",
        "reviewing",
        "voting",
    ]
    assert [s["current"] for s in data["timeline"]].index(True) == 3


async def test_proposal_list_mirrors_the_public_list(
    client: httpx.AsyncClient, world: World
) -> None:
    base = f"/api/v1/processes/{world.process.id}/proposals"
    data: Any = await get_json(client, base)
    ids = [p["id"] for p in data["items"]]
    assert ids == sorted(p.id for p in world.proposals) and data["total"] == 3
    assert world.draft.id not in ids
    page: Any = await get_json(client, base + "?limit=1&offset=1")
    assert [p["id"] for p in page["items"]] == [ids[1]] and page["total"] == 3
    past: Any = await get_json(client, base + "?offset=50")
    assert past["items"] == [] and past["total"] == 3
    accepted: Any = await get_json(client, base + "?status=accepted&category=lighting")
    assert accepted["total"] == 3
    assert (await get_json(client, base + "?status=submitted"))["total"] == 0  # type: ignore[index]
    elsewhere: Any = await get_json(client, base + "?area=370104100201")
    assert elsewhere["total"] == 0
    first = data["items"][0]
    assert first["requested_subsidy_fen"] == 30_000_000
    assert first["status"] == ProposalStatus.ACCEPTED.value


async def test_bad_parameters_are_json_400s(client: httpx.AsyncClient, world: World) -> None:
    base = f"/api/v1/processes/{world.process.id}/proposals"
    for query in (
        "limit=0",
        "limit=101",
        "limit=abc",
        "offset=-1",
        "offset=１",
        "status=draft",
        "category=rocket",
    ):
        body: Any = await get_json(client, f"{base}?{query}", 400)
        assert body["error"]["status"] == 400 and body["error"]["message"], query
    assert (
        "limit"
        in (await get_json(client, "/api/v1/processes?limit=0", 400))[  # type: ignore[index]
            "error"
        ]["message"]
    )


async def test_unknown_and_not_public_are_json_404s(
    client: httpx.AsyncClient, world: World
) -> None:
    for path in (
        "/api/v1/processes/999999",
        "/api/v1/proposals/999999",
        f"/api/v1/proposals/{world.draft.id}",
        "/api/v1/nothing-here",
        "/api/v1/processes/999999/results",
        "/api/v1/processes/999999/awards",
    ):
        body: Any = await get_json(client, path, 404)
        assert body["error"]["status"] == 404, path
        assert body["error"]["message"], path
    draft: Any = await get_json(client, f"/api/v1/proposals/{world.draft.id}", 404)
    assert draft["error"]["message"] == "找不到该提案，或尚未公开"
    refused = await client.post("/api/v1/processes")
    assert refused.status_code in (403, 405)
    assert refused.json()["error"]["status"] == refused.status_code


async def test_english_visitors_get_the_same_cacheable_data(
    client: httpx.AsyncClient, world: World
) -> None:
    path = f"/api/v1/proposals/{world.proposals[0].id}"
    chinese = await client.get(path)
    client.cookies.set("yishi_lang", "en")
    english = await client.get(path)
    assert english.content == chinese.content and "此评论已被隐藏" in english.text
    assert (await client.get("/api/v1/processes/0")).json()["error"]["message"] == (
        "找不到该批次，或尚未公开"
    )


async def test_etag_and_cache_headers(client: httpx.AsyncClient, world: World) -> None:
    first = await client.get("/api/v1/processes")
    assert first.headers["cache-control"] == "public, max-age=60"
    etag = first.headers["etag"]
    again = await client.get("/api/v1/processes", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    world.process.name = "改名后的批次"
    await world.process.save()
    changed = await client.get("/api/v1/processes", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    error = await client.get("/api/v1/processes/0")
    assert error.headers["cache-control"] == "no-store" and "etag" not in error.headers
    assert "set-cookie" not in first.headers  # no session for API readers
