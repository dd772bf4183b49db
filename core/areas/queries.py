"""Reads over the area tree."""

from __future__ import annotations

from core.models import Area, AreaKind


async def area_tree() -> list[Area]:
    """Every area in tree order (by path), parents before children."""
    return await Area.all().order_by("path")


def depth(area: Area) -> int:
    return area.path.count("/") - 1


async def descendants(area: Area, *, include_self: bool = True) -> list[Area]:
    found = await Area.filter(path__startswith=area.path).order_by("path")
    return found if include_self else [a for a in found if a.id != area.id]


async def known_kinds() -> dict[str, AreaKind]:
    return {code: AreaKind(kind) for code, kind in await Area.all().values_list("code", "kind")}


async def notice_contact(area: Area) -> tuple[str, str]:
    """Who signs a notice about `area` (发布单位) and the phone to call: the nearest area up
    the tree that has set them, so a street's office can sign for all its villages. Without
    an office set, the area's own name signs."""
    codes = [code for code in area.path.strip("/").split("/") if code]
    found = {a.code: a for a in await Area.filter(code__in=codes)}
    nearest_first = [found[code] for code in reversed(codes) if code in found]
    office = next((a.office_name for a in nearest_first if a.office_name), area.name)
    phone = next((a.contact_phone for a in nearest_first if a.contact_phone), "")
    return office, phone
