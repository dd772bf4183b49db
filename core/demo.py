"""Demo data of the kernel: a believable district with staff and residents.

``app.demo`` loads it first, then each domain package's demo step (``yishi demo``).
"""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from core import audit, clock, db, settings
from core.accounts import privacy
from core.accounts.models import ConsentPurpose
from core.areas.importer import AreaRow
from core.forms import MOBILE_RE
from core.i18n import N_
from core.models import Area, AreaKind, Role, RoleGrant, User
from core.passwords import hash_password

D, S, C, V = AreaKind.DISTRICT, AreaKind.STREET, AreaKind.COMMUNITY, AreaKind.VILLAGE
T = AreaKind.TOWNSHIP

DISTRICT_CODE = "370104000000"
AREAS = [
    AreaRow(DISTRICT_CODE, "槐荫区", D, "", 527_600, 196_300),
    AreaRow("370104001000", "振兴街街道", S, DISTRICT_CODE, 48_200, 18_900),
    AreaRow("370104013000", "吴家堡街道", S, DISTRICT_CODE, 36_500, 12_800),
    AreaRow("370104100000", "玉清湖镇", T, DISTRICT_CODE, 29_800, 10_100),
    AreaRow("370104001001", "纬六路社区", C, "370104001000", 6_420, 2_510),
    AreaRow("370104001002", "振兴街社区", C, "370104001000", 7_180, 2_830),
    AreaRow("370104013201", "吴家堡村", V, "370104013000", 2_310, 760),
    AreaRow("370104013202", "前屯村", V, "370104013000", 1_480, 505),
    AreaRow("370104013203", "后屯村", V, "370104013000", 1_260, 431),
    AreaRow("370104100201", "睦里庄村", V, "370104100000", 1_905, 642),
    AreaRow("370104100202", "沙王村", V, "370104100000", 1_120, 389),
    AreaRow("370104100203", "西沙村", V, "370104100000", 980, 337),
]

# (name, mobile, home area code, roles, official scope code)
PEOPLE = [
    ("王建国", "13800000001", "370104001001", [Role.ADMIN], None),
    ("李秀英", "13800000002", "370104013201", [Role.OFFICIAL], "370104013000"),
    ("赵敏", "13800000003", "370104001002", [Role.FINANCE], None),
    ("张桂兰", "13900000001", "370104013201", [Role.RESIDENT], None),
    ("刘长海", "13900000002", "370104013202", [Role.RESIDENT], None),
    ("陈晓燕", "13900000003", "370104013203", [Role.RESIDENT], None),
    ("杨志强", "13900000004", "370104100201", [Role.RESIDENT], None),
    ("黄丽娟", "13900000005", "370104001001", [Role.RESIDENT], None),
    ("周德明", "13900000006", "370104100202", [Role.RESIDENT], None),
]
ROLE_NAMES = {
    Role.ADMIN: "管理员",
    Role.OFFICIAL: "村/社区干部",
    Role.FINANCE: "财政",
    Role.RESIDENT: "居民",
}


async def create_demo_areas() -> dict[str, Area]:
    by_code: dict[str, Area] = {}
    for row in AREAS:
        parent = by_code.get(row.parent_code)
        by_code[row.code] = await Area.create(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            path=f"{parent.path if parent else '/'}{row.code}/",
            population=row.population,
            households=row.households,
        )
    return by_code


async def create_demo_people(areas: dict[str, Area]) -> list[str]:
    password_hash = hash_password(settings.DEMO_PASSWORD)  # argon2 is slow: hash once
    lines = []
    for name, mobile, home, roles, scope in PEOPLE:
        # Demo people proved their numbers and accepted the policy, as a registration does.
        user = await User.create(
            name=name,
            mobile=mobile,
            password_hash=password_hash,
            home_area=areas[home],
            mobile_verified_at=clock.now(),
        )
        await privacy.consent_give(user_id=user.id, purpose=ConsentPurpose.PRIVACY_POLICY)
        for role in roles:
            await RoleGrant.create(user=user, role=role, area=areas[scope] if scope else None)
        where = f"（负责 {areas[scope].name}）" if scope else f"（{areas[home].name}）"
        lines.append(f"  {ROLE_NAMES[roles[0]]:<8} {name} 手机号 {mobile}{where}")
    return lines


async def create_admin(*, name: str, mobile: str, password: str) -> None:
    """An admin account; a ValueError's text is the Chinese catalogue id (the command
    prints it in YISHI_LOCALE's language)."""
    if not name.strip() or len(name) > 50:
        raise ValueError(N_("姓名不能为空，且不超过 50 个字"))
    if not MOBILE_RE.fullmatch(mobile):
        raise ValueError(N_("请输入 11 位手机号码"))
    if len(password) < 8:
        raise ValueError(N_("密码至少 8 位"))
    await db.open_database()
    try:
        async with in_transaction():
            if await User.exists(mobile=mobile):
                raise ValueError(N_("该手机号已有账户"))
            user = await User.create(
                name=name.strip(), mobile=mobile, password_hash=hash_password(password)
            )
            await RoleGrant.create(user=user, role=Role.ADMIN)
            await audit.record(
                None,
                "user.createadmin",
                ("user", user.id),
                f"命令行创建管理员 {user.name}（{mobile}）",
            )
    finally:
        await Tortoise.close_connections()
