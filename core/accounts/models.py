"""Account tables: SMS codes that prove a phone number, and recorded consents (个人信息保护法)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from core.models import User
from core.pagecache.tables import never_shown


class CodePurpose(StrEnum):
    """What an SMS code may be used for: a code sent for one purpose opens nothing else."""

    REGISTER = "register"
    RESET = "reset"
    VERIFY_PHONE = "verify_phone"  # an older account proving the number it already has
    CHANGE_PHONE_OLD = "change_phone_old"
    CHANGE_PHONE_NEW = "change_phone_new"


class PhoneCode(Model):
    """验证码: six digits sent to ``mobile``, kept only as a keyed hash.

    Single use (``used_at``), valid until ``expires_at``, and dead after a few wrong tries
    (``attempts``): a six-digit code cannot be guessed in the tries it allows.
    """

    id = fields.BigIntField(primary_key=True)
    purpose = fields.CharEnumField(CodePurpose, max_length=20)
    mobile = fields.CharField(max_length=11)
    code_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "phone_code"
        indexes = (("mobile", "purpose", "created_at"),)


class ConsentPurpose(StrEnum):
    PRIVACY_POLICY = "privacy_policy"  # 注册时同意《隐私政策》
    ID_VERIFICATION = "id_verification"  # 同意以身份证号核对居民名册


class Consent(Model):
    """One consent a person gave: which policy version, for what, when, and when withdrawn."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="consents", on_delete=fields.CASCADE
    )
    user_id: int
    purpose = fields.CharEnumField(ConsentPurpose, max_length=20)
    policy_version = fields.CharField(max_length=20)
    granted_at = fields.DatetimeField(auto_now_add=True)
    withdrawn_at = fields.DatetimeField(null=True)

    class Meta:
        table = "consent"
        indexes = (("user_id", "purpose"),)


# Written at every code request (an attacker can make those): no public page reads them, so
# they must not empty the public page cache either.
never_shown("phone_code", "consent")
