"""A person's project ratings, for "我的数据"; deleting the account unlinks them
(``services.erase_rater``): the scores stay in the project's figures."""

from __future__ import annotations

from accountability.ratings import services
from accountability.ratings.models import ProjectRating
from core.personal_data import Row


async def rating_rows(user_id: int) -> list[Row]:
    rated = await ProjectRating.filter(user_id=user_id).select_related("proposal")
    return [
        {
            "id": r.id,
            "project": r.proposal.title,
            "score": r.score,
            "comment": r.comment,
            "comment_hidden": r.comment_hidden,
            "hidden_reason": r.hidden_reason,
            "created_at": r.created_at,
            "answer": r.answer,
            "answered_at": r.answered_at,
        }
        for r in sorted(rated, key=lambda r: r.id)
    ]


async def ratings_erase(user_id: int) -> None:
    await services.erase_rater(user_id)
