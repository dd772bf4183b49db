"""An objection to the published result, and the officials' public answer to it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from projects.models import Process, Proposal


class Outcome(StrEnum):
    """处理结果: what the officials found of an objection, shown with their answer."""

    UPHELD = "upheld"  # 成立
    PARTLY = "partly"  # 部分成立
    REJECTED = "rejected"  # 不成立


class Objection(Model):
    """异议: a verified resident disputes the award list (no proposal) or one project.

    It stays open until an official answers it in public. The process cannot be funded
    (立项) while any objection is open.
    """

    id = fields.IntField(primary_key=True)
    process: fields.ForeignKeyRelation[Process] = fields.ForeignKeyField(
        "yishi.Process", related_name="objections", on_delete=fields.RESTRICT
    )
    process_id: int
    proposal: fields.ForeignKeyNullableRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="objections", null=True, on_delete=fields.RESTRICT
    )
    proposal_id: int | None
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="objections", on_delete=fields.RESTRICT
    )
    author_id: int
    # Shown in public instead of the person: the village the author is verified in.
    author_area: fields.ForeignKeyNullableRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="objections", null=True, on_delete=fields.SET_NULL
    )
    author_area_id: int | None
    reason = fields.TextField()
    # One optional file, no thumbnail, no size: not a core.uploads.FileRecord, whose
    # columns would need a migration here (tests/core/test_file_records.py lists why).
    file_kind = fields.CharField(max_length=8, default="")  # "" | photo | pdf
    stored_name = fields.CharField(max_length=64, default="")
    original_name = fields.CharField(max_length=120, default="")
    content_type = fields.CharField(max_length=40, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    answer = fields.TextField(default="")
    # Null until answered (and for answers given before outcomes were recorded).
    outcome = fields.CharEnumField(Outcome, max_length=8, null=True)
    answered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="objections_answered", null=True, on_delete=fields.SET_NULL
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "objection"
        ordering: ClassVar[list[str]] = ["id"]
        indexes = (("process_id", "answered_at"),)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
