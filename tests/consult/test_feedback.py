"""Officials record adoption on each opinion; the author sees it on the topic and on /me;
the summary counts it."""

from __future__ import annotations

import httpx
from consult_factories import add_questions, make_opinion, make_topic
from support import login, make_user, post

from consult.models import OpinionFeedback
from core.models import Area, AuditEntry, Role


async def test_feedback_reaches_the_opinions_author(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"], title="加装电梯办法")
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    opinion = await make_opinion(topic, author, "一楼要有补偿")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    path = f"/desk/consult/opinions/{opinion.id}/feedback"
    refused = await post(client, path, {"adoption": "partly"}, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "理由应为 1 到 1000 个字" in refused.text
    assert f'id="opinion-{opinion.id}"' in refused.text and "<html" not in refused.text
    saved = await post(client, path, {"adoption": "partly", "reason": "补偿标准写入第四条"})
    assert saved.status_code == 303
    again = await post(client, path, {"adoption": "adopted", "reason": "全部采纳"})
    assert again.status_code == 303
    feedback = await OpinionFeedback.get(comment_id=opinion.id)
    assert feedback.adoption.value == "adopted"
    assert await AuditEntry.filter(action="consult.feedback").count() == 2
    await post(client, "/logout")

    await login(client, "13900000001")
    me = (await client.get("/me")).text
    assert "我的意见" in me and "加装电梯办法" in me
    assert "反馈：采纳" in me and "全部采纳" in me
    topic_page = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "反馈：采纳" in topic_page and "全部采纳" in topic_page


async def test_no_feedback_on_replies_or_from_other_areas(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    opinion = await make_opinion(topic, author)
    reply = await make_opinion(topic, author, "补充", None, parent=opinion)
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    response = await post(
        client,
        f"/desk/consult/opinions/{reply.id}/feedback",
        {"adoption": "adopted", "reason": "好"},
    )
    assert response.status_code == 404
    await post(client, "/logout")
    await make_user("13800000009", Role.OFFICIAL, scope=areas["370104100000"])
    await login(client, "13800000009")
    response = await post(
        client,
        f"/desk/consult/opinions/{opinion.id}/feedback",
        {"adoption": "adopted", "reason": "好"},
    )
    assert response.status_code == 403
    assert not await OpinionFeedback.exists()


async def test_summary_page_counts_and_charts(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    await add_questions(topic)
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    opinion = await make_opinion(topic, author)
    await make_opinion(topic, author, "反对", stance=None)
    await OpinionFeedback.create(comment=opinion, adoption="adopted", reason="好")
    page = await client.get(f"/consult/topics/{topic.id}/summary")
    assert page.status_code == 200
    assert page.text.count("<svg") == 3 + 3  # timeline, stances, adoption + 3 chart questions
    assert "采纳" in page.text and "问题 single" in page.text
