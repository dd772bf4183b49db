"""The search page through the app: the box on every page, escaped highlighted hits,
filters that keep their values, and a kept page dropped by an index write."""

from __future__ import annotations

import asyncio

import httpx
from letter_factories import VILLAGE
from project_factories import make_process, make_proposal
from support import make_user

from core.models import Area, Role
from core.pagecache import generation
from core.search import index
from projects.models import Phase, Proposal, ProposalStatus

STREET = "370104013000"


async def _proposal(areas: dict[str, Area], title: str, body: str = "") -> Proposal:
    process = await make_process(areas[STREET], Phase.COLLECTING)
    mobile = f"139{await Proposal.all().count():08d}"
    author = await make_user(mobile, Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(
        process, areas[VILLAGE], author, ProposalStatus.SUBMITTED, title=title, body=body
    )
    await index.refresh("proposal", proposal.id)
    return proposal


async def test_every_page_has_the_search_box(client: httpx.AsyncClient) -> None:
    for path in ("/", "/processes", "/letters"):
        page = await client.get(path)
        assert 'action="/search"' in page.text and 'name="q"' in page.text


async def test_hits_are_escaped_and_marked(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    proposal = await _proposal(
        areas, "<img src=x onerror=alert(1)>路灯", body="<script>alert(2)</script>太阳能路灯"
    )
    page = await client.get("/search", params={"q": "路灯"})
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "<script>alert(2)" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>路灯</mark>" in page.text
    assert f'href="/proposals/{proposal.id}"' in page.text
    assert "找到 1 条结果" in page.text


async def test_bad_filters_are_no_filters_and_good_ones_stay_chosen(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await _proposal(areas, "安装路灯")
    page = await client.get(
        "/search", params={"q": "路灯", "kind": "x'; drop", "year": "abc", "page": "-3"}
    )
    assert page.status_code == 200 and "找到 1 条结果" in page.text
    page = await client.get("/search", params={"q": "路灯", "kind": "topic", "area": VILLAGE})
    assert "找到 0 条结果" in page.text
    assert '<option value="topic" selected>' in page.text
    assert f'<option value="{VILLAGE}" selected>' in page.text


async def test_an_empty_or_punctuation_only_query_says_so(client: httpx.AsyncClient) -> None:
    assert "输入关键词" in (await client.get("/search")).text
    assert "没有可以搜索的字词" in (await client.get("/search", params={"q": "，。！"})).text


async def test_a_kept_search_page_is_dropped_by_an_index_write(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await _proposal(areas, "安装路灯")
    assert await generation.listening()
    first = await client.get("/search", params={"q": "路灯"})
    again = await client.get(
        "/search", params={"q": "路灯"}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304, "the search page was not kept"
    await _proposal(areas, "更换路灯灯泡")
    for _ in range(100):  # PostgreSQL tells the listening connection just after the commit
        if "找到 2 条结果" in (await client.get("/search", params={"q": "路灯"})).text:
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("the kept search page outlived the index write")
