"""Comment tables: comments over any subject, reports and supports (one per person)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User

BODY_MAX = 2000
REASON_MAX = 200


class Stance(StrEnum):
    """立场."""

    SUPPORT = "support"  # 支持
    NEUTRAL = "neutral"  # 中立
    OPPOSE = "oppose"  # 反对


class Visibility(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"  # by a moderator, with a reason
    AUTO_HIDDEN = "auto_hidden"  # by reports, pending a moderator's review


class ReportReason(StrEnum):
    ABUSE = "abuse"  # 辱骂、人身攻击
    SPAM = "spam"  # 广告、刷屏
    PRIVACY = "privacy"  # 泄露他人隐私
    OFF_TOPIC = "off_topic"  # 与议题无关
    OTHER = "other"


class Comment(Model):
    """A comment on a subject (a proposal or a consultation topic), or a reply to one.

    The subject is named by type and id rather than a foreign key, so that one table and
    one moderation queue serve every domain; the subject's area is copied in so moderation
    can be scoped to the areas an official governs without asking the domain.
    """

    id = fields.IntField(primary_key=True)
    subject_type = fields.CharField(max_length=16)
    subject_id = fields.IntField()
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="comments", on_delete=fields.RESTRICT
    )
    area_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="comments", on_delete=fields.RESTRICT
    )
    author_id: int
    # One level of replies: a reply's parent is always a top-level comment.
    parent: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "yishi.Comment", related_name="replies", null=True, on_delete=fields.CASCADE
    )
    parent_id: int | None
    stance = fields.CharEnumField(Stance, max_length=8, null=True)
    body = fields.TextField()
    is_official = fields.BooleanField(default=False)
    visibility = fields.CharEnumField(Visibility, max_length=12, default=Visibility.VISIBLE)
    hidden_reason = fields.CharField(max_length=REASON_MAX, default="")
    hidden_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="hidden_comments", null=True, on_delete=fields.SET_NULL
    )
    hidden_by_id: int | None
    hidden_at = fields.DatetimeField(null=True)
    report_count = fields.IntField(default=0)
    # Reports a moderator has already looked at: only newer ones count towards auto-hide.
    reports_reviewed = fields.IntField(default=0)
    support_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    replies: fields.ReverseRelation[Comment]

    class Meta:
        table = "comment"
        ordering: ClassVar[list[str]] = ["id"]
        indexes = (("subject_type", "subject_id"), ("visibility", "report_count"))

    @property
    def is_hidden(self) -> bool:
        return self.visibility != Visibility.VISIBLE

    @property
    def pending_reports(self) -> int:
        return self.report_count - self.reports_reviewed


class CommentReport(Model):
    """举报: one per person per comment (the unique constraint, not a read-then-write)."""

    id = fields.IntField(primary_key=True)
    comment: fields.ForeignKeyRelation[Comment] = fields.ForeignKeyField(
        "yishi.Comment", related_name="reports", on_delete=fields.CASCADE
    )
    comment_id: int
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="comment_reports", on_delete=fields.CASCADE
    )
    reporter_id: int
    reason = fields.CharEnumField(ReportReason, max_length=12)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "comment_report"
        unique_together = (("comment", "reporter"),)


class CommentSupport(Model):
    """A resident backs someone else's opinion. One per person per comment."""

    id = fields.IntField(primary_key=True)
    comment: fields.ForeignKeyRelation[Comment] = fields.ForeignKeyField(
        "yishi.Comment", related_name="supports", on_delete=fields.CASCADE
    )
    comment_id: int
    supporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="comment_supports", on_delete=fields.CASCADE
    )
    supporter_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "comment_support"
        unique_together = (("comment", "supporter"),)
