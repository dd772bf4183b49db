"""Tables of the residents package: the resident roster (居民名册) and who has been verified."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from core.pagecache.tables import shown_columns

NAME_MAX = 50


class Verification(StrEnum):
    """How an account came to be linked to its roster entry."""

    ROSTER = "roster"  # the resident's own name, ID number and village matched the roster
    IN_PERSON = "in_person"  # an official checked the ID card (现场核验)


class Sex(StrEnum):
    MALE = "m"
    FEMALE = "f"


class RosterEntry(Model):
    """One person on one area's roster.

    The ID number (身份证号) is never stored, only its keyed hash (个人信息保护): the same
    person has the same hash, so a re-import finds the entry again and keeps its marks.
    """

    id = fields.BigIntField(primary_key=True)
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="roster_entries", on_delete=fields.RESTRICT
    )
    area_id: int
    id_hash = fields.CharField(max_length=64)  # HMAC-SHA256, hex (residents.idcard)
    name = fields.CharField(max_length=NAME_MAX)
    birth_date = fields.DateField()  # for each process's minimum voting age
    # 性别 as the ID number states it (its 17th digit: odd for men), read at import before
    # the number is hashed; kept only for turnout statistics. NULL for entries imported
    # before it was kept, until the roster is imported again.
    sex = fields.CharEnumField(Sex, max_length=1, null=True)
    # Set when a ballot (online or paper) is counted for this person; such an entry
    # survives re-imports so the same person cannot vote again.
    voted = fields.BooleanField(default=False)
    # At most one account per entry and one entry per account (the unique constraint).
    user: fields.OneToOneNullableRelation[User] = fields.OneToOneField(
        "yishi.User", related_name="roster_entry", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    verification = fields.CharEnumField(Verification, max_length=12, null=True)
    verified_at = fields.DatetimeField(null=True)
    verified_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User",
        related_name="roster_verifications",
        null=True,
        on_delete=fields.SET_NULL,
    )
    verified_by_id: int | None

    class Meta:
        table = "roster_entry"
        # id_hash first: the index also serves "is this person verified anywhere?".
        unique_together = (("id_hash", "area"),)


# Every cast marks its voter (``voted``): public pages count entries by area, nothing else.
shown_columns("roster_entry", "area_id")
