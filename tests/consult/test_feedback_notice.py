"""The author of an opinion hears the officials' feedback on it, linked to the opinion."""

from __future__ import annotations

import httpx
from consult_factories import make_opinion, make_topic
from support import login, make_user, post

from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message


async def test_feedback_tells_the_author_and_a_refused_one_tells_no_one(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    opinion = await make_opinion(topic, author, "建议加装无障碍坡道。")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    path = f"/desk/consult/opinions/{opinion.id}/feedback"
    refused = await post(client, path, {"adoption": "adopted", "reason": ""})
    assert refused.status_code == 400
    assert not await Message.exists()
    await post(client, path, {"adoption": "partly", "reason": "坡道纳入二期。"})
    message = await Message.get(user_id=author.id)
    assert message.kind == Kind.OPINION_FEEDBACK
    assert message.link == f"/consult/topics/{topic.id}#comment-{opinion.id}"
    assert "部分采纳" in message.title and "坡道纳入二期。" in message.body
