"""Writing a village's payee account: finance only, audited, in one transaction."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from accountability.payees.models import PayeeAccount
from accountability.payees.rules import PayeeEntry
from core import audit
from core.models import Area
from core.principal import Principal

FIELDS = ["account_name", "bank", "account_number"]


async def payee_save(actor: Principal, area: Area, entry: PayeeEntry) -> PayeeAccount:
    async with in_transaction():
        account = await PayeeAccount.select_for_update().get_or_none(area_id=area.id)
        before = audit.snapshot(account, FIELDS) if account else None
        if account is None:
            account = PayeeAccount(area_id=area.id)
        account.account_name = entry.account_name
        account.bank = entry.bank
        account.account_number = entry.account_number
        account.updated_by_id = actor.id
        await account.save()
        await audit.record(
            actor,
            "payee.update",
            ("area", area.code),
            f"登记收款账户：{area.name}",
            before=before,
            after=audit.snapshot(account, FIELDS),
        )
    return account
