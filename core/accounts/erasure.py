"""我的数据: what the kernel holds about a person, and deleting the account (注销账户).

Deletion runs every package's registered eraser, then anonymises the account row itself in
the same transaction: the row stays (proposals, comments and the audit log point at it and
now show "已注销用户"), but name, number, e-mail, password, home, roles and consents go.
Ballots are not touched: they hold no user id, and the roster's mark says only that someone
voted, so they stay exactly as unlinkable as before.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import audit, personal_data
from core.accounts import privacy
from core.accounts.credentials import check_password
from core.accounts.models import Consent, PhoneCode
from core.models import Area, AuditEntry, LoginAttempt, RoleGrant, User
from core.principal import Principal

DELETED_NAME = "已注销用户"
# The password field can hold no argon2 hash that this matches: no one can log in again.
UNUSABLE_PASSWORD = "!deleted"


async def account_rows(user_id: int) -> list[dict[str, Any]]:
    user = await User.get(id=user_id)
    home = await Area.get_or_none(id=user.home_area_id) if user.home_area_id else None
    roles = await RoleGrant.filter(user_id=user_id).select_related("area")
    return [
        {
            "name": user.name,
            "mobile": user.mobile,
            "mobile_verified_at": user.mobile_verified_at,
            "email": user.email,
            "home_area": home.name if home else None,
            "roles": ", ".join(g.role.value + (f"@{g.area.name}" if g.area else "") for g in roles),
            "created_at": user.created_at,
            "last_login_at": user.last_login_at,
        }
    ]


async def consent_rows(user_id: int) -> list[dict[str, Any]]:
    return await privacy.consents_of(user_id)


async def own_audit_rows(user_id: int) -> list[dict[str, Any]]:
    """The audit entries of what this person did to their own account."""
    rows = await AuditEntry.filter(actor_id=user_id, action__startswith="account.").order_by("id")
    return [{"action": r.action, "summary": r.summary, "at": r.created_at} for r in rows]


async def account_delete(*, user_id: int, password: str, ip: str) -> None:
    """注销账户, confirmed with the password. Raises WrongPassword / LoginLocked."""
    user = await User.get(id=user_id, is_active=True)
    await check_password(user, password, ip)
    mobile = user.mobile
    async with in_transaction():
        erased = await personal_data.erase(user.id)
        await Consent.filter(user_id=user.id).delete()
        await RoleGrant.filter(user_id=user.id).delete()
        await User.filter(id=user.id).update(
            name=DELETED_NAME,
            mobile=f"x{user.id}",  # frees the number: it may register again
            email=None,
            mobile_verified_at=None,
            password_hash=UNUSABLE_PASSWORD,
            home_area_id=None,
            is_active=False,
            session_version=F("session_version") + 1,
        )
        # The log keeps that it happened, under no name or number.
        gone = Principal(user.id, DELETED_NAME, f"#{user.id}", None, ip=ip)
        await audit.record(
            gone,
            "account.delete",
            ("user", user.id),
            "注销账户：个人信息已删除或匿名化",
            after={"erased": erased},
        )
    await PhoneCode.filter(mobile=mobile).delete()
    await LoginAttempt.filter(key__contains=mobile).delete()
