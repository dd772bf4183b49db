"""Area writes: create, edit, import. Each an audited staff action in one transaction."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core import audit
from core.areas.importer import CODE_RE, PARENT_KINDS, AreaRow
from core.i18n import gettext as _
from core.models import Area, AreaKind
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index

FIELDS = [
    "code",
    "name",
    "kind",
    "population",
    "households",
    "path",
    "office_name",
    "contact_phone",
]


class AreaRuleError(Refused):
    """A change the tree does not allow; the message is for the person who tried it."""


def _path(parent: Area | None, code: str) -> str:
    return f"{parent.path if parent else '/'}{code}/"


async def _parent_for(kind: AreaKind, parent_code: str) -> Area | None:
    allowed = PARENT_KINDS[kind]
    if not allowed:
        return None
    parent = await Area.get_or_none(code=parent_code) if CODE_RE.fullmatch(parent_code) else None
    if parent is None or parent.kind not in allowed:
        raise AreaRuleError(_("上级区域不存在或类型不对"), "parent")
    return parent


async def area_create(actor: Principal, row: AreaRow) -> Area:
    async with in_transaction():
        if await Area.exists(code=row.code):
            raise AreaRuleError(_("该行政区划代码已存在"), "code")
        parent = await _parent_for(row.kind, row.parent_code)
        area = await Area.create(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            path=_path(parent, row.code),
            population=row.population,
            households=row.households,
        )
        await audit.record(
            actor,
            "area.create",
            ("area", area.code),
            f"新建区域 {area.name}",
            after=audit.snapshot(area, FIELDS),
        )
    search_index.area_named(area.name)
    return area


async def area_update(
    actor: Principal,
    area: Area,
    *,
    name: str,
    population: int,
    households: int,
    office_name: str | None = None,
    contact_phone: str | None = None,
) -> Area:
    """Name, counts and the notice settings (signer, phone) may change; code and place in
    the tree are fixed (codes are ids). A setting left None stays as it was."""
    async with in_transaction():
        before = audit.snapshot(area, FIELDS)
        area.name, area.population, area.households = name, population, households
        if office_name is not None:
            area.office_name = office_name
        if contact_phone is not None:
            area.contact_phone = contact_phone
        await area.save(
            update_fields=["name", "population", "households", "office_name", "contact_phone"]
        )
        await audit.record(
            actor,
            "area.update",
            ("area", area.code),
            f"修改区域 {area.name}",
            before=before,
            after=audit.snapshot(area, FIELDS),
        )
    search_index.area_named(area.name)
    return area


async def areas_import(actor: Principal, rows: list[AreaRow], filename: str) -> tuple[int, int]:
    """Create new codes, update existing ones; rows were validated whole beforehand.

    Returns (created, updated). Parents are written before children (sorted by depth).
    """
    created = updated = 0
    async with in_transaction():
        by_code = {a.code: a for a in await Area.all()}
        for row in sorted(rows, key=lambda r: list(PARENT_KINDS).index(r.kind)):
            parent = by_code.get(row.parent_code) if PARENT_KINDS[row.kind] else None
            area = by_code.get(row.code)
            if area is None:
                area = await Area.create(
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    parent=parent,
                    path=_path(parent, row.code),
                    population=row.population,
                    households=row.households,
                )
                by_code[row.code] = area
                created += 1
            else:
                area.name, area.population, area.households = (
                    row.name,
                    row.population,
                    row.households,
                )
                await area.save(update_fields=["name", "population", "households"])
                updated += 1
            search_index.area_named(row.name)
        await audit.record(
            actor,
            "area.import",
            ("area", filename),
            f"导入区域表 {filename}",
            after={"created": created, "updated": updated, "rows": len(rows)},
        )
    return created, updated
