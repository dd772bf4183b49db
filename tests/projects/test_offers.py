"""Nobody is offered what they may not do: the page says why not and what to do instead,
decided by the same permission functions the endpoints enforce."""

from __future__ import annotations

import httpx
import pytest
from accountability_factories import published
from ballot_factories import voting_process
from project_factories import make_process, make_proposal
from support import login, make_user, post

from core.models import Area, Role
from projects.models import Phase, Process

STREET = "370104013000"  # 吴家堡街道
VILLAGE = "370104013201"
OTHER_STREET_VILLAGE = "370104100201"


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas[STREET])


def _propose_link(process: Process) -> str:
    return f'href="/processes/{process.id}/propose"'


async def test_a_resident_of_another_street_is_told_why_and_not_offered_to_propose(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_STREET_VILLAGE])
    await login(client, "13900000002")
    page = await client.get(f"/processes/{process.id}")
    assert _propose_link(process) not in page.text and "我要提项目" not in page.text
    assert "不在" in page.text and areas[STREET].name in page.text
    assert 'href="/processes">看看您所在地区的批次' in page.text
    refused = await client.get(f"/processes/{process.id}/propose")  # the server still refuses
    assert refused.status_code == 403
    assert (
        areas[OTHER_STREET_VILLAGE].name in refused.text and "看看您所在地区的批次" in refused.text
    )


async def test_an_unverified_resident_is_sent_to_verify(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    await make_user("13900000003", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000003")
    page = await client.get(f"/processes/{process.id}")
    assert _propose_link(process) not in page.text
    assert "提项目需要先完成居民核验" in page.text and 'href="/verify">去核验' in page.text
    refused = await client.get(f"/processes/{process.id}/propose")
    assert refused.status_code == 403 and 'href="/verify"' in refused.text


async def test_a_visitor_is_asked_to_log_in_and_a_resident_here_is_offered(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    page = await client.get(f"/processes/{process.id}")
    assert _propose_link(process) not in page.text and "提项目需要先登录" in page.text
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    page = await client.get(f"/processes/{process.id}")
    assert _propose_link(process) in page.text and "why-not" not in page.text
    assert (await client.get(f"/processes/{process.id}/propose")).status_code == 200


async def test_vote_is_offered_only_to_those_the_ballot_accepts(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await voting_process(areas)
    vote = f'href="/processes/{process.id}/vote"'
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_STREET_VILLAGE])
    await login(client, "13900000002")
    page = await client.get(f"/processes/{process.id}")
    assert vote not in page.text and "投票" in page.text and "不在" in page.text
    start = await client.get(f"/processes/{process.id}/vote")
    assert "看看您所在地区的批次" in start.text
    await post(client, "/logout")
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    assert vote in (await client.get(f"/processes/{process.id}")).text


async def test_support_is_not_offered_to_another_street_and_the_refusal_says_why(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    author = await make_user("13900000009", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_STREET_VILLAGE])
    await login(client, "13900000002")
    page = await client.get(f"/proposals/{proposal.id}")
    assert f'action="/proposals/{proposal.id}/support"' not in page.text
    assert "附议" in page.text and "看看您所在地区的批次" in page.text
    refused = await post(client, f"/proposals/{proposal.id}/support")
    assert refused.status_code == 403 and "完成居民核验" in refused.text


async def test_nothing_is_offered_or_explained_once_collecting_is_over(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    reviewing = await make_process(areas[STREET], Phase.REVIEWING)
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    page = await client.get(f"/processes/{reviewing.id}")
    assert _propose_link(reviewing) not in page.text and "why-not" not in page.text
    response = await client.get(f"/processes/{reviewing.id}/propose")
    assert response.status_code == 303  # the server explains with a flash: not collecting
    assert "不在征集阶段" in (await client.get(response.headers["location"])).text


async def test_the_comment_box_tells_an_unverified_resident_to_verify(
    client: httpx.AsyncClient, process: Process, areas: dict[str, Area]
) -> None:
    author = await make_user("13900000009", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await make_user("13900000003", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000003")
    page = await client.get(f"/proposals/{proposal.id}")
    assert f'action="/comments/proposal/{proposal.id}"' not in page.text
    assert "只有本辖区已核验的居民" in page.text and 'href="/verify">去核验' in page.text


async def test_the_home_page_does_not_offer_a_vote_that_would_be_refused(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, _proposals = await voting_process(areas)
    vote = f'href="/processes/{process.id}/vote"'
    assert vote in (await client.get("/")).text  # a visitor is asked to log in on the way
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_STREET_VILLAGE])
    await login(client, "13900000002")
    home = (await client.get("/")).text
    assert vote not in home and "看看您所在地区的批次" in home
    await post(client, "/logout")
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    assert vote in (await client.get("/")).text


async def test_the_objection_page_tells_another_streets_resident_why_not(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    publicity, _proposals = await published(areas)  # publicity open today
    await make_user("13900000002", Role.RESIDENT, home=areas[OTHER_STREET_VILLAGE])
    await login(client, "13900000002")
    page = await client.get(f"/processes/{publicity.id}/objections")
    assert page.status_code == 200
    assert f'action="/processes/{publicity.id}/objections"' not in page.text
    assert "看看您所在地区的批次" in page.text and 'href="/verify">去核验' not in page.text
