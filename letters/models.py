"""Tables of the mailbox (领导信箱): letters, their replies, files and history, and the
holiday schedules admins enter for the years the calendar package does not know."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from core.uploads import FileRecord


class LetterKind(StrEnum):
    CONSULT = "consult"  # 咨询
    SUGGEST = "suggest"  # 建议
    HELP = "help"  # 求助
    COMPLAIN = "complain"  # 投诉
    PRAISE = "praise"  # 表扬


class LetterStatus(StrEnum):
    NEW = "new"  # 待受理 (also after a transfer, at the new area)
    ACCEPTED = "accepted"  # 办理中 (also after a reopening)
    REPLIED = "replied"  # 已答复
    DECLINED = "declined"  # 不予受理


OPEN_STATUSES = (LetterStatus.NEW, LetterStatus.ACCEPTED)


class Rating(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Extension(StrEnum):
    NONE = ""
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


class Letter(Model):
    """来信: one resident's letter to the officials of one area."""

    id = fields.IntField(primary_key=True)
    writer: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="letters", null=True, on_delete=fields.SET_NULL
    )
    writer_id: int | None  # None once the writer's account is erased
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="letters", on_delete=fields.RESTRICT
    )
    area_id: int
    kind = fields.CharEnumField(LetterKind, max_length=10)
    subject = fields.CharField(max_length=60)
    text = fields.TextField()
    is_public = fields.BooleanField(default=False)  # 公开: the writer allows publishing
    show_name = fields.BooleanField(default=False)  # the masked name (张**) may be shown
    status = fields.CharEnumField(LetterStatus, max_length=10, default=LetterStatus.NEW)
    # Another recent letter of the same writer with nearly the same words (for the handler).
    similar_to: fields.ForeignKeyNullableRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="similar", null=True, on_delete=fields.SET_NULL
    )
    similar_to_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    received_on = fields.DateField()  # China date the clock starts from (again on transfer)
    accept_due = fields.DateField()
    reply_due = fields.DateField()
    due_provisional = fields.BooleanField(default=False)  # a day counted had no calendar yet
    accepted_at = fields.DatetimeField(null=True)
    accepted_on_time = fields.BooleanField(null=True)  # decided (accepted/declined) in time
    decline_reason = fields.CharField(max_length=40, default="")
    decline_note = fields.CharField(max_length=500, default="")
    transfers = fields.IntField(default=0)
    extension = fields.CharEnumField(Extension, max_length=10, default=Extension.NONE)
    extension_reason = fields.CharField(max_length=500, default="")
    extension_days = fields.IntField(default=0)
    extension_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="letter_extensions", null=True, on_delete=fields.SET_NULL
    )
    extension_by_id: int | None
    replied_at = fields.DatetimeField(null=True)  # the latest reply
    first_replied_on = fields.DateField(null=True)
    replied_on_time = fields.BooleanField(null=True)  # the first reply, by its deadline
    reply_working_days = fields.IntField(null=True)  # received → first reply
    rating = fields.CharEnumField(Rating, max_length=12, null=True)
    rating_reason = fields.CharField(max_length=500, default="")
    rated_at = fields.DatetimeField(null=True)
    reopened_at = fields.DatetimeField(null=True)  # 再次办理: at most once
    escalated_at = fields.DatetimeField(null=True)  # 督办: sent to the parent area's officials

    class Meta:
        table = "letter"
        ordering: ClassVar[list[str]] = ["-id"]
        indexes = (("status", "reply_due"), ("writer_id", "created_at"), ("area_id", "status"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def due(self) -> dt.date:
        """The deadline the letter now runs against."""
        return self.accept_due if self.status == LetterStatus.NEW else self.reply_due

    def is_overdue(self, today: dt.date) -> bool:
        """Past its deadline and still open: computed, so lists are right without a worker."""
        return self.is_open and today > self.due()


class LetterReply(Model):
    """答复: public with the letter when the writer allowed publishing."""

    id = fields.IntField(primary_key=True)
    letter: fields.ForeignKeyRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="replies", on_delete=fields.CASCADE
    )
    letter_id: int
    text = fields.TextField()
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="letter_replies", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    office = fields.CharField(max_length=64)  # the area that answered, as shown
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "letter_reply"
        ordering: ClassVar[list[str]] = ["id"]


class LetterFile(FileRecord):
    """A photo or PDF of a letter (the writer's) or of a reply (the office's)."""

    id = fields.IntField(primary_key=True)
    letter: fields.ForeignKeyRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="files", on_delete=fields.CASCADE
    )
    letter_id: int
    reply: fields.ForeignKeyNullableRelation[LetterReply] = fields.ForeignKeyField(
        "yishi.LetterReply", related_name="files", null=True, on_delete=fields.CASCADE
    )
    reply_id: int | None

    class Meta:
        table = "letter_file"
        ordering: ClassVar[list[str]] = ["id"]


class EventKind(StrEnum):
    WRITTEN = "written"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    DECLINED = "declined"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    REPLIED = "replied"
    RATED = "rated"
    REOPENED = "reopened"
    ESCALATED = "escalated"


class LetterEvent(Model):
    """One step of a letter's handling, shown as its history (办理过程)."""

    id = fields.IntField(primary_key=True)
    letter: fields.ForeignKeyRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="events", on_delete=fields.CASCADE
    )
    letter_id: int
    kind = fields.CharEnumField(EventKind, max_length=24)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="letter_events", null=True, on_delete=fields.SET_NULL
    )
    actor_id: int | None
    office = fields.CharField(max_length=64, default="")  # the area acting, as shown
    note = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "letter_event"
        ordering: ClassVar[list[str]] = ["id"]


class ScheduleYear(Model):
    """A year whose holiday schedule an admin entered (from the State Council notice)."""

    id = fields.IntField(primary_key=True)
    year = fields.IntField(unique=True)
    source = fields.CharField(max_length=200, default="")  # e.g. 国办发明电〔2026〕X号
    entered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="schedules", null=True, on_delete=fields.SET_NULL
    )
    entered_by_id: int | None
    entered_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "letter_schedule_year"


class ScheduleDay(Model):
    """A listed day of an entered year: a holiday, or a 调休 working day."""

    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)
    is_workday = fields.BooleanField()
    note = fields.CharField(max_length=40, default="")

    class Meta:
        table = "letter_schedule_day"
        ordering: ClassVar[list[str]] = ["day"]
