"""Implementation tracking for funded proposals."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import User
from core.uploads import FileRecord
from projects.models import Proposal


class MilestoneKind(StrEnum):
    """The steps a funded project reports, in this order."""

    START = "start"  # 开工
    PROGRESS = "progress"  # 进度
    COMPLETE = "complete"  # 完工
    ACCEPT = "accept"  # 验收


class WorkPlan(Model):
    """The planned dates of one funded project: what 'overdue' is measured against."""

    id = fields.IntField(primary_key=True)
    proposal: fields.OneToOneRelation[Proposal] = fields.OneToOneField(
        "yishi.Proposal", related_name="work_plan", on_delete=fields.CASCADE
    )
    proposal_id: int
    planned_start = fields.DateField()
    planned_finish = fields.DateField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "work_plan"


class Milestone(Model):
    """One reported step with its date and the progress reached, entered by an official."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="milestones", on_delete=fields.CASCADE
    )
    proposal_id: int
    kind = fields.CharEnumField(MilestoneKind, max_length=16)
    happened_on = fields.DateField()
    progress_pct = fields.IntField()
    note = fields.TextField(default="")
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="milestones_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "milestone"
        ordering: ClassVar[list[str]] = ["happened_on", "id"]
        # A project's milestones: its page, and the dashboard's triggers (insight.keeping).
        indexes = (("proposal_id", "kind"),)


class MilestoneFile(FileRecord):
    """A site photo or a document (acceptance report, invoice scan) of one milestone."""

    id = fields.IntField(primary_key=True)
    milestone: fields.ForeignKeyRelation[Milestone] = fields.ForeignKeyField(
        "yishi.Milestone", related_name="files", on_delete=fields.CASCADE
    )
    milestone_id: int

    class Meta:
        table = "milestone_file"
        ordering: ClassVar[list[str]] = ["id"]


class Spend(Model):
    """实际支出: subsidy money actually spent, entered by an official, confirmed by finance."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="spends", on_delete=fields.CASCADE
    )
    proposal_id: int
    amount_fen = fields.BigIntField()
    spent_on = fields.DateField()
    purpose = fields.CharField(max_length=200)
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="spends_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    confirmed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="spends_confirmed", null=True, on_delete=fields.SET_NULL
    )
    confirmed_by_id: int | None
    confirmed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "spend"
        ordering: ClassVar[list[str]] = ["spent_on", "id"]
