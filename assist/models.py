"""What officials did for residents (代办记录), and how an assisted resident can be reached."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from core.pagecache.tables import never_shown


class ActKind(StrEnum):
    REGISTER = "register"  # 代为注册并现场核验
    CONSENT = "consent"  # 宣读并记录同意
    PROPOSAL = "proposal"  # 代写提案
    LETTER = "letter"  # 代写来信


class PhoneOwner(StrEnum):
    SELF = "self"  # 本人的手机号
    FAMILY = "family"  # 家属的手机号
    NONE = "none"  # 没有手机


class AssistAct(Model):
    """One act an official did on a resident's behalf, kept under both names.

    The audit log holds the same act for inspectors; this row is what the resident sees in
    我的 and in their data download, and what the area admin counts per official and day.
    """

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    official: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="assists_given", null=True, on_delete=fields.SET_NULL
    )
    official_id: int | None
    official_name = fields.CharField(max_length=50)
    resident: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="assists_received", on_delete=fields.CASCADE
    )
    resident_id: int
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="assist_acts", on_delete=fields.RESTRICT
    )
    area_id: int
    kind = fields.CharEnumField(ActKind, max_length=16)
    reason = fields.CharField(max_length=200)
    summary = fields.CharField(max_length=255)
    subject_type = fields.CharField(max_length=32, default="")
    subject_id = fields.CharField(max_length=64, default="")

    class Meta:
        table = "assist_act"
        indexes = (("official_id", "created_at"), ("subject_type", "subject_id"))


class AssistedContact(Model):
    """Whose phone an assisted resident's account carries (本人/家属/无), said at the desk."""

    id = fields.IntField(primary_key=True)
    resident: fields.OneToOneRelation[User] = fields.OneToOneField(
        "yishi.User", related_name="assisted_contact", on_delete=fields.CASCADE
    )
    resident_id: int
    phone_owner = fields.CharEnumField(PhoneOwner, max_length=8)
    relation = fields.CharField(max_length=20, default="")  # 家属与本人的关系，如“儿子”

    class Meta:
        table = "assisted_contact"


# No public page reads whose phone a resident uses.
never_shown("assisted_contact")
