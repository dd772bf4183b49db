"""Consultation topics and questionnaires for tests, made through the ORM."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comments.models import Comment, Stance
from consult.models import Question, QuestionKind, QuestionOption, Topic, TopicStatus
from core.clock import today
from core.models import Area, User


async def make_topic(area: Area, status: TopicStatus = TopicStatus.OPEN, **extra: Any) -> Topic:
    values: dict[str, Any] = dict(
        title="加装电梯实施办法（征求意见稿）",
        body="# 办法\n\n请提意见。",
        area=area,
        status=status,
        opens_on=today() - dt.timedelta(days=3),
        closes_on=today() + dt.timedelta(days=10),
    )
    return await Topic.create(**(values | extra))


async def add_questions(topic: Topic) -> dict[str, Question]:
    """A single choice (required), a multiple choice 1–2 (required), a scale, a text."""
    made: dict[str, Question] = {}
    specs = [
        ("single", QuestionKind.SINGLE, True, ["愿意", "不愿意", "不清楚"], 0, 0),
        ("multiple", QuestionKind.MULTIPLE, True, ["费用", "采光", "噪音", "维修"], 1, 2),
        ("scale", QuestionKind.SCALE, False, [], 0, 0),
        ("text", QuestionKind.TEXT, False, [], 0, 0),
    ]
    for position, (key, kind, required, options, low, high) in enumerate(specs, start=1):
        question = await Question.create(
            topic=topic,
            position=position,
            kind=kind,
            prompt=f"问题 {key}",
            required=required,
            min_choices=low,
            max_choices=high,
        )
        for i, label in enumerate(options, start=1):
            await QuestionOption.create(question=question, position=i, label=label)
        await question.fetch_related("options")
        made[key] = question
    return made


async def make_opinion(
    topic: Topic,
    author: User,
    body: str = "我支持。",
    stance: Stance | None = Stance.SUPPORT,
    **extra: Any,
) -> Comment:
    await topic.fetch_related("area")
    return await Comment.create(
        subject_type="topic",
        subject_id=topic.id,
        area=topic.area,
        author=author,
        stance=stance,
        body=body,
        **extra,
    )
