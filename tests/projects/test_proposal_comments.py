"""Comments on proposals go through the shared comment system."""

from __future__ import annotations

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import login, make_user, post

from comments.models import Comment
from core.models import Area, Role
from projects.models import Phase, Process, ProposalStatus

VILLAGE = "370104013201"


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"], Phase.COLLECTING)


async def _resident(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await make_user("13900000005", Role.RESIDENT, home=areas[VILLAGE], name="王五")
    await login(client, "13900000005")


async def test_comment_on_a_proposal_is_escaped_and_anchored(
    client: httpx.AsyncClient, areas: dict[str, Area], process: Process
) -> None:
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await _resident(client, areas)
    response = await post(
        client,
        f"/comments/proposal/{proposal.id}",
        {"body": "<script>alert('x')</script>赞成", "stance": "support"},
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/proposals/{proposal.id}#")
    page = await client.get(f"/proposals/{proposal.id}")
    assert "&lt;script&gt;alert(" in page.text and "<script>alert(" not in page.text
    comment = await Comment.get(subject_type="proposal", subject_id=proposal.id)
    assert comment.area_id == proposal.area_id  # type: ignore[attr-defined]


async def test_no_comments_on_drafts_or_withdrawn_proposals(
    client: httpx.AsyncClient, areas: dict[str, Area], process: Process
) -> None:
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    draft = await make_proposal(process, areas[VILLAGE], author, ProposalStatus.DRAFT)
    withdrawn = await make_proposal(process, areas[VILLAGE], author, ProposalStatus.WITHDRAWN)
    await _resident(client, areas)
    form = {"body": "好", "stance": "support"}
    assert (await post(client, f"/comments/proposal/{draft.id}", form)).status_code == 404
    response = await post(client, f"/comments/proposal/{withdrawn.id}", form)
    assert response.status_code in (400, 403)
    assert not await Comment.exists()
    assert "本提案的讨论已结束" in (await client.get(f"/proposals/{withdrawn.id}")).text
