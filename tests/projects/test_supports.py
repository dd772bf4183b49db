"""附议: one per resident (a database constraint), only while collecting."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import login, make_user, post, verify_resident

from core.models import Area, Role, User
from core.principal import load_principal
from projects.models import Phase, Process, Proposal, Support
from projects.services.supports import support_add

VILLAGE = "370104013201"


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"], Phase.COLLECTING)


@pytest.fixture
async def proposal(process: Process, areas: dict[str, Area]) -> Proposal:
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    return await make_proposal(process, areas[VILLAGE], author)


@pytest.fixture
async def neighbour(client: httpx.AsyncClient, areas: dict[str, Area]) -> User:
    user = await make_user("13900000002", Role.RESIDENT, home=areas["370104013202"])
    await verify_resident(user)
    await login(client, "13900000002")
    return user


async def test_support_and_take_it_back(
    client: httpx.AsyncClient, proposal: Proposal, neighbour: User
) -> None:
    response = await post(client, f"/proposals/{proposal.id}/support")
    assert response.status_code == 303
    await post(client, f"/proposals/{proposal.id}/support")  # twice counts once
    await proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert await Support.filter(proposal=proposal).count() == 1
    await post(client, f"/proposals/{proposal.id}/unsupport")
    await proposal.refresh_from_db()
    assert proposal.support_count == 0


async def test_htmx_support_swaps_the_box(
    client: httpx.AsyncClient, proposal: Proposal, neighbour: User
) -> None:
    response = await post(
        client, f"/proposals/{proposal.id}/support", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text and "附议 1 人" in response.text
    assert "取消附议" in response.text


async def test_concurrent_supports_by_one_person_count_once(
    proposal: Proposal, process: Process, neighbour: User
) -> None:
    actor = await load_principal(neighbour.id)
    assert actor is not None
    results = await asyncio.gather(*[support_add(actor, proposal, process) for _ in range(10)])
    assert results.count(True) == 1
    await proposal.refresh_from_db()
    assert proposal.support_count == 1 == await Support.filter(proposal=proposal).count()


async def test_no_support_outside_collecting(
    client: httpx.AsyncClient, proposal: Proposal, process: Process, neighbour: User
) -> None:
    process.phase = Phase.REVIEWING
    await process.save()
    response = await post(client, f"/proposals/{proposal.id}/support")
    assert response.status_code == 303
    assert "只有征集阶段可以附议" in (await client.get(response.headers["location"])).text
    assert not await Support.exists()


async def test_residents_elsewhere_cannot_support(
    client: httpx.AsyncClient, proposal: Proposal, areas: dict[str, Area]
) -> None:
    elsewhere = await make_user("13900000003", Role.RESIDENT, home=areas["370104100201"])
    await verify_resident(elsewhere)  # a verified resident, but of another township
    await login(client, "13900000003")
    response = await post(client, f"/proposals/{proposal.id}/support")
    assert response.status_code == 403
    assert not await Support.exists()


async def test_the_author_cannot_support_their_own_proposal(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await login(client, "13900000001")
    page = await client.get(f"/proposals/{proposal.id}")
    assert "附议支持" not in page.text
    response = await post(client, f"/proposals/{proposal.id}/support")
    flashed = await client.get(response.headers["location"])
    assert "不能附议自己的提案" in flashed.text
    assert (await Proposal.get(id=proposal.id)).support_count == 0
