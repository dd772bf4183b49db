"""The whitelist: every response carries exactly the documented keys, and nothing private
(phone numbers, names beyond the surname, roster ID hashes, hidden comments, drafts) reaches
any API response or CSV download, before or after the results are published."""

from __future__ import annotations

from typing import Any

import httpx
from opendata_factories import HIDDEN_REASON, World, close_voting, get_json
from support import login

from projects.models import Phase

SUMMARY_KEYS = {
    "id",
    "process_id",
    "title",
    "summary",
    "area",
    "category",
    "status",
    "total_cost_fen",
    "villager_funds_fen",
    "labour_days",
    "donations_fen",
    "requested_subsidy_fen",
    "support_count",
    "html_url",
}
DETAIL_KEYS = SUMMARY_KEYS | {
    "body",
    "location",
    "on_behalf_of_village",
    "beneficiaries_people",
    "beneficiaries_households",
    "meeting",
    "review",
    "rejection_reason",
    "attachments",
    "comments",
}
COMMENT_KEYS = {
    "id",
    "author",
    "author_place",
    "is_official",
    "stance",
    "created_at",
    "hidden",
    "hidden_notice",
    "body",
    "support_count",
    "replies",
}


def public_paths(world: World) -> list[str]:
    p = world.process.id
    return [
        "/api/v1/processes",
        f"/api/v1/processes/{p}",
        f"/api/v1/processes/{p}/proposals?limit=100",
        *[f"/api/v1/proposals/{x.id}" for x in [*world.proposals, world.draft]],
        f"/api/v1/processes/{p}/results",
        f"/api/v1/processes/{p}/awards",
        "/api/v1/openapi.json",
        "/processes.csv",
        f"/processes/{p}/proposals.csv",
        f"/processes/{p}/results.csv",
        f"/processes/{p}/awards.csv",
        f"/processes/{p}/awards.json",
        f"/api/v1/processes/{p}/progress",
        f"/processes/{p}/progress.csv",
        f"/api/v1/processes/{p}/ratings",
    ]


async def assert_nothing_private(client: httpx.AsyncClient, world: World) -> int:
    served = 0
    for path in public_paths(world):
        response = await client.get(path)
        text = response.content.decode("utf-8")
        for secret in world.secrets():
            assert secret not in text, (path, secret)
        served += response.status_code == 200
    return served


async def test_proposal_carries_exactly_the_whitelisted_fields(
    client: httpx.AsyncClient, world: World
) -> None:
    data: Any = await get_json(client, f"/api/v1/proposals/{world.proposals[0].id}")
    assert set(data) == DETAIL_KEYS
    assert set(data["area"]) == {"code", "name"}
    assert set(data["meeting"]) == {"kind", "date", "eligible", "present", "in_favour"}
    assert data["review"] == {
        "official_answer": "经现场核实，项目可行。",
        "feasibility": "feasible",
        "reviewed_cost_fen": 60_000_000,
    }
    assert data["rejection_reason"] is None
    listed: Any = await get_json(client, f"/api/v1/processes/{world.process.id}/proposals")
    assert all(set(item) == SUMMARY_KEYS for item in listed["items"])
    other: Any = await get_json(client, f"/api/v1/proposals/{world.proposals[1].id}")
    assert other["review"] is None and other["comments"]["items"] == []


async def test_comments_as_the_public_sees_them(client: httpx.AsyncClient, world: World) -> None:
    data: Any = await get_json(client, f"/api/v1/proposals/{world.proposals[0].id}")
    comments = data["comments"]
    assert comments["total"] == 3
    assert comments["stances"] == {"support": 1, "neutral": 0, "oppose": 0}
    visible, hidden = comments["items"]
    assert set(visible) == COMMENT_KEYS and set(hidden) == COMMENT_KEYS
    assert visible["author"] == "欧***" and visible["body"] == "路灯很需要"
    assert visible["hidden"] is False and visible["hidden_notice"] is None
    assert [r["body"] for r in visible["replies"]] == ["同意楼上"]
    assert set(visible["replies"][0]) == COMMENT_KEYS
    assert hidden["hidden"] is True and hidden["body"] is None
    assert HIDDEN_REASON in hidden["hidden_notice"]


async def test_nothing_private_anywhere_before_and_after_results(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await assert_nothing_private(client, world)
    await close_voting(world)
    after = await assert_nothing_private(client, world)
    world.process.phase = Phase.IMPLEMENTING
    await world.process.save()
    funded = await assert_nothing_private(client, world)
    # Before: results, awards, progress, ratings and their downloads are refused (9 of
    # them); after the count: the draft proposal, the progress (until funding, 2 paths) and
    # the ratings still are; once funded, only the draft proposal.
    total = len(public_paths(world))
    assert (before, after, funded) == (total - 9, total - 4, total - 1)


async def test_signed_in_author_sees_no_more_through_the_api(
    client: httpx.AsyncClient, world: World
) -> None:
    await login(client, world.author.mobile)
    assert (await client.get(f"/proposals/{world.draft.id}")).status_code == 200  # the page
    await get_json(client, f"/api/v1/proposals/{world.draft.id}", 404)
    data: Any = await get_json(client, f"/api/v1/proposals/{world.proposals[0].id}")
    assert data["comments"]["items"][1]["body"] is None  # not even their own hidden text
    assert await assert_nothing_private(client, world) > 0
