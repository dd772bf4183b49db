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
