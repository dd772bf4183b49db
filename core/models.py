"""Core tables: areas, people, roles, audit, login attempts."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from tortoise import fields
from tortoise.models import Model

from core.pagecache.tables import never_shown, shown_columns


class AreaKind(StrEnum):
    """行政区划层级."""

    DISTRICT = "district"  # 区/县
    STREET = "street"  # 街道
    TOWNSHIP = "township"  # 镇/乡
    COMMUNITY = "community"  # 社区
    VILLAGE = "village"  # 村


class Role(StrEnum):
    RESIDENT = "resident"
    OFFICIAL = "official"
    FINANCE = "finance"
    ADMIN = "admin"


class Area(Model):
    """区域: a node of the district › street/township › community/village tree."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)  # 12-digit 行政区划代码
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(AreaKind, max_length=16)
    parent: fields.ForeignKeyNullableRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    # Codes of the ancestors and self, "/"-joined: descendants are a prefix match.
    path = fields.CharField(max_length=255, db_index=True)
    population = fields.IntField(default=0)
    households = fields.IntField(default=0)
    # Who signs this area's notices (发布单位) and the phone residents call about them.
    office_name = fields.CharField(max_length=64, default="")
    contact_phone = fields.CharField(max_length=20, default="")

    class Meta:
        table = "area"
        ordering: ClassVar[list[str]] = ["path"]

    def __str__(self) -> str:
        return self.name


class User(Model):
    """A person: resident and/or staff. Mobile number is the login."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    mobile = fields.CharField(max_length=11, unique=True)
    password_hash = fields.CharField(max_length=255)
    home_area: fields.ForeignKeyNullableRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="residents", null=True, on_delete=fields.RESTRICT
    )
    home_area_id: int | None
    # When an SMS code sent to ``mobile`` was typed back: the number is this person's.
    mobile_verified_at = fields.DatetimeField(null=True)
    # For notifications by e-mail; optional, and only ever shown to the person and admins.
    email = fields.CharField(max_length=254, null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)
    # Bumped to end every session of this account at once (password change, "sign out
    # everywhere", deactivation): a signed cookie carrying an older number is refused.
    session_version = fields.IntField(default=0)

    roles: fields.ReverseRelation[RoleGrant]

    class Meta:
        table = "user_account"


class RoleGrant(Model):
    """One role held by one person. Officials hold one grant per area of their scope."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="roles", on_delete=fields.CASCADE
    )
    user_id: int
    role = fields.CharEnumField(Role, max_length=16)
    area: fields.ForeignKeyNullableRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="role_grants", null=True, on_delete=fields.CASCADE
    )
    area_id: int | None
    granted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="grants_given", null=True, on_delete=fields.SET_NULL
    )
    granted_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "role_grant"
        unique_together = (("user", "role", "area"),)


class AuditEntry(Model):
    """审计日志: append-only record of every staff action that changes state."""

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_id: int | None
    # Kept as text too, so the log still says who after an account is gone.
    actor_name = fields.CharField(max_length=80)
    action = fields.CharField(max_length=64, db_index=True)
    target_type = fields.CharField(max_length=32)
    target_id = fields.CharField(max_length=64)
    summary = fields.CharField(max_length=255)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    ip = fields.CharField(max_length=45, default="")

    class Meta:
        table = "audit_entry"
        ordering: ClassVar[list[str]] = ["-id"]


class LoginAttempt(Model):
    """Failed logins, counted per account and per address for rate limiting.

    Kept in the database (not in memory) so every app process sees the same count.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=80)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "login_attempt"
        indexes = (("key", "created_at"),)


# Written at every sign-in and every staff action; no public page reads them (a person's
# name is the one thing of an account that public pages show).
never_shown("login_attempt", "audit_entry")
shown_columns("user_account", "name")
