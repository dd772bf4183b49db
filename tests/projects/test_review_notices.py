"""The author of a proposal hears its review: accepted, or rejected with the reason."""

from __future__ import annotations

import httpx
from project_factories import make_process, make_proposal, review_form
from support import login, make_user, post

from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message
from projects.models import Phase

VILLAGE = "370104013201"
ACCEPT = review_form(official_answer="经踏勘，同意列入投票。")


async def test_the_author_hears_acceptance_and_rejection_with_the_reason(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104000000"], Phase.REVIEWING)
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")

    await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT)
    accepted = await Message.get(user_id=author.id)
    assert accepted.kind == Kind.PROPOSAL_REVIEWED
    assert accepted.link == f"/proposals/{proposal.id}"
    assert "已通过审核" in accepted.title and proposal.title in accepted.title
    assert "经踏勘，同意列入投票。" in accepted.body

    reject = ACCEPT | {"decision": "reject", "feasibility": "infeasible"}
    refused = await post(client, f"/desk/proposals/{proposal.id}/review", reject)
    assert refused.status_code == 400  # no reason given: refused, and no one is told
    assert await Message.filter(user_id=author.id).count() == 1
    await post(
        client,
        f"/desk/proposals/{proposal.id}/review",
        reject | {"rejection_reason": "位于基本农田，不能硬化。"},
    )
    rejected = await Message.filter(user_id=author.id).order_by("-id").first()
    assert rejected is not None and "未通过审核" in rejected.title
    assert "位于基本农田，不能硬化。" in rejected.body
