"""A person's questionnaire answers, for "我的数据" (opinions are comments: see
``comments.personal_data``). On account deletion they stay, counted in the topic's summary
as they were; they were never shown under anyone's name."""

from __future__ import annotations

from typing import Any

from consult.models import Answer


async def answer_rows(user_id: int) -> list[dict[str, Any]]:
    answers = (
        await Answer.filter(response__respondent_id=user_id)
        .select_related("response__topic", "question", "option")
        .order_by("response_id", "question_id", "id")
    )
    return [
        {
            "topic": a.response.topic.title,
            "question": a.question.prompt,
            "option": a.option.label if a.option else None,
            "scale": a.scale,
            "text": a.text,
            "answered_at": a.response.updated_at,
        }
        for a in answers
    ]
