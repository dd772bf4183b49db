"""Reads for the roster pages: the areas someone governs and their roster figures."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from core.models import Area, AreaKind
from core.principal import Principal, governed_scope
from residents.models import RosterEntry

LIVING = [AreaKind.VILLAGE, AreaKind.COMMUNITY]


@dataclass(frozen=True)
class RosterFigures:
    """名册人数, 已核验, 已投票 for one village or community."""

    area: Area
    listed: int
    verified: int
    voted: int


def governed(user: Principal) -> Q:
    """Areas this person may act on as official or admin (none for anyone else)."""
    return governed_scope(user, lambda path: Q(path__startswith=path))


async def scopes(user: Principal) -> list[Area]:
    """Areas a roster may be imported for: any level of the tree this person governs."""
    return await Area.filter(governed(user)).order_by("path")


async def living_areas(user: Principal) -> list[Area]:
    return await Area.filter(governed(user), kind__in=LIVING).order_by("path")


async def _counts(query: QuerySet[RosterEntry]) -> dict[int, int]:
    rows = await query.annotate(n=Count("id")).group_by("area_id").values("area_id", "n")
    return {row["area_id"]: row["n"] for row in rows}


async def figures(user: Principal) -> list[RosterFigures]:
    areas = await living_areas(user)
    entries = RosterEntry.filter(area_id__in=[a.id for a in areas])
    listed = await _counts(entries)
    verified = await _counts(entries.filter(user_id__isnull=False))
    voted = await _counts(entries.filter(voted=True))
    return [
        RosterFigures(a, listed.get(a.id, 0), verified.get(a.id, 0), voted.get(a.id, 0))
        for a in areas
    ]
