"""Staff account writes: create, grant a role, revoke it. Each audited."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.models import Area, Role, RoleGrant, User
from core.passwords import hash_password
from core.principal import Principal
from core.refusals import Refused

# The roles as the audit log's summaries name them (stored text, in the log's language).
ROLE_WORDS = {
    Role.RESIDENT: "居民",
    Role.OFFICIAL: "村/社区干部",
    Role.FINANCE: "财政",
    Role.ADMIN: "管理员",
}


class StaffRuleError(Refused):
    """Refused by the staff rules; the message says why, next to `field`."""


def _describe(grant: RoleGrant, area: Area | None) -> dict[str, str | None]:
    return {"role": grant.role.value, "area": area.code if area else None}


async def staff_create(
    actor: Principal, *, name: str, mobile: str, password: str, home_area_id: int | None
) -> User:
    """A new account (no roles yet: roles are granted one by one, each audited)."""
    try:
        async with in_transaction():
            user = await User.create(
                name=name,
                mobile=mobile,
                password_hash=hash_password(password),
                home_area_id=home_area_id,
            )
            await audit.record(
                actor,
                "user.create",
                ("user", user.id),
                f"新建账户 {name}（{mobile}）",
                after={"name": name, "mobile": mobile},
            )
    except IntegrityError as exc:
        raise StaffRuleError(_("该手机号已有账户"), "mobile") from exc
    return user


async def role_grant(actor: Principal, user: User, role: Role, area: Area | None) -> RoleGrant:
    if role == Role.OFFICIAL and area is None:
        raise StaffRuleError(_("村/社区干部必须指定负责的区域"), "area")
    if role != Role.OFFICIAL:
        area = None  # only officials are scoped to areas
    async with in_transaction():
        existing = await RoleGrant.get_or_none(user=user, role=role, area=area)
        if existing:
            raise StaffRuleError(_("此人已拥有该角色"), "role")
        grant = await RoleGrant.create(user=user, role=role, area=area, granted_by_id=actor.id)
        where = f" @ {area.name}" if area else ""
        await audit.record(
            actor,
            "role.grant",
            ("user", user.id),
            f"授予 {user.name} 角色 {ROLE_WORDS[role]}{where}",
            after=_describe(grant, area),
        )
    return grant


async def role_revoke(actor: Principal, grant: RoleGrant) -> None:
    async with in_transaction():
        await grant.fetch_related("user", "area")
        if grant.role == Role.ADMIN and await RoleGrant.filter(role=Role.ADMIN).count() <= 1:
            raise StaffRuleError(_("不能撤销最后一位管理员"), "role")
        before = _describe(grant, grant.area)
        await grant.delete()
        await audit.record(
            actor,
            "role.revoke",
            ("user", grant.user.id),
            f"撤销 {grant.user.name} 的角色 {ROLE_WORDS[grant.role]}",
            before=before,
        )
