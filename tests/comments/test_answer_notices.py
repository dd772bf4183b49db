"""An official's answer tells the authors of the comments it answers, with a link to it."""

from __future__ import annotations

import httpx
from consult_factories import make_opinion, make_topic
from support import login, make_user, post

from comments.models import Comment
from core.models import Area, Role
from notify.kinds import Kind
from notify.models import Message

VILLAGE = "370104013201"


async def test_an_official_answer_tells_the_author_in_chinese(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    opinion = await make_opinion(topic, author, "路灯太暗，晚上看不清。")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    # The official reads English; the message is stored in Chinese all the same.
    client.cookies.set("yishi_lang", "en")
    response = await post(client, f"/comments/{opinion.id}/reply", {"body": "下月加装路灯。"})
    assert response.status_code == 303
    answer = await Comment.get(parent_id=opinion.id)
    message = await Message.get(user_id=author.id)
    assert message.kind == Kind.COMMENT_ANSWERED
    assert message.link == f"/consult/topics/{topic.id}#comment-{answer.id}"
    assert topic.title in message.title and "官方回复" in message.title
    assert "路灯太暗" in message.body and "下月加装路灯。" in message.body
    assert await Message.filter(kind=Kind.COMMENT_ANSWERED).count() == 1  # not the official


async def test_an_answer_to_a_reply_tells_both_the_reply_and_the_thread(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    first = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    second = await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE])
    opinion = await make_opinion(topic, first, "修路")
    reply = await make_opinion(topic, second, "同意", stance=None, parent=opinion)
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    await post(client, f"/comments/{reply.id}/reply", {"body": "已列入计划。"})
    told = set(await Message.all().values_list("user_id", flat=True))
    assert told == {first.id, second.id}


async def test_a_resident_reply_tells_no_one_and_a_refused_answer_leaves_nothing(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    opinion = await make_opinion(topic, author, "修路")
    await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000002")
    reply = await post(client, f"/comments/{opinion.id}/reply", {"body": "我也同意"})
    assert reply.status_code == 303
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    refused = await post(client, f"/comments/{opinion.id}/reply", {"body": "  "})
    assert refused.status_code == 400
    assert not await Message.exists()
