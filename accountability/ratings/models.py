"""满意度评价: a verified resident's 1–5 rating of a funded project after acceptance (验收)."""

from __future__ import annotations

from typing import ClassVar

from tortoise import fields
from tortoise.models import Model
from tortoise.validators import MaxValueValidator, MinValueValidator

from core.models import User
from projects.models import Proposal

COMMENT_MAX = 500
ANSWER_MAX = 1000
REASON_MAX = 200


class ProjectRating(Model):
    """One resident's rating of one funded project, with the officials' answer.

    The proposal is the funded project itself, as acceptance (a 验收 milestone) is. The
    rater is kept only while the account lives: deleting it leaves the score and the masked
    comment, with no one behind them. The comment may be hidden by an official (the reason
    is audited), the score always counts.
    """

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="ratings", on_delete=fields.CASCADE
    )
    proposal_id: int
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="project_ratings", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    score = fields.SmallIntField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    answer = fields.TextField(default="")
    answered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="project_ratings_answered", null=True, on_delete=fields.SET_NULL
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(null=True)
    comment_hidden = fields.BooleanField(default=False)
    hidden_reason = fields.CharField(max_length=REASON_MAX, default="")
    hidden_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="project_ratings_hidden", null=True, on_delete=fields.SET_NULL
    )
    hidden_by_id: int | None
    hidden_at = fields.DatetimeField(null=True)

    class Meta:
        table = "project_rating"
        ordering: ClassVar[list[str]] = ["id"]
        unique_together = (("proposal", "user"),)
