"""The payee of a village's subsidies: its collective account, entered once by finance."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from core.pagecache.tables import never_shown


class PayeeAccount(Model):
    """村集体收款账户: account name, bank and number, one per village or community."""

    id = fields.IntField(primary_key=True)
    area: fields.OneToOneRelation[Area] = fields.OneToOneField(
        "yishi.Area", related_name="payee_account", on_delete=fields.RESTRICT
    )
    area_id: int
    account_name = fields.CharField(max_length=100)  # 户名
    bank = fields.CharField(max_length=100)  # 开户银行
    account_number = fields.CharField(max_length=32)  # 账号, digits only
    updated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="payee_accounts_updated", null=True, on_delete=fields.SET_NULL
    )
    updated_by_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payee_account"


# Only the finance office's pages and exports read it.
never_shown("payee_account")
