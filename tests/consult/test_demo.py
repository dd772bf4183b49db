"""The demo step: two topics (one open, one answered) with opinions, responses, feedback."""

from __future__ import annotations

import httpx

from comments.models import Comment
from consult import demo
from consult.models import OpinionFeedback, SurveyResponse, Topic
from core.demo import create_demo_people
from core.models import Area


async def test_demo_consultations(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await create_demo_people(areas)
    lines = await demo.load()
    assert any("征集中" in line for line in lines)
    phases = sorted(t.phase(demo.today()) for t in await Topic.all())
    assert phases == ["answered", "open"]
    answered = await Topic.get(status="answered")
    opinions = await Comment.filter(subject_id=answered.id, parent_id=None).count()
    assert opinions == await OpinionFeedback.filter(comment__subject_id=answered.id).count()
    assert await SurveyResponse.all().count() == 6
    assert await Comment.filter(is_official=True).count() == 1
    for topic in await Topic.all():
        for path in ("", "/summary", "/questionnaire", "/export.xlsx"):
            assert (await client.get(f"/consult/topics/{topic.id}{path}")).status_code == 200
    assert (await demo.load()) == ["意见征集演示数据已存在，未重复载入。"]
