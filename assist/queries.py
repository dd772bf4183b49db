"""Reads of 代办: a resident's record, the desk's log, and the officials flagged today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from assist.models import ActKind, AssistAct, AssistedContact
from assist.permissions import DAILY_FLAG
from core import clock
from core.models import User
from core.principal import Principal, governed_scope

LOG_SIZE = 50


def _in_scope(user: Principal) -> Q:
    return governed_scope(user, lambda path: Q(area__path__startswith=path))


async def acts_of(resident_id: int) -> list[AssistAct]:
    """What was done for this person, newest first (我的 and their data download)."""
    return await AssistAct.filter(resident_id=resident_id).order_by("-id")


async def acts_rows(resident_id: int) -> list[dict[str, Any]]:
    return [
        {
            "when": act.created_at,
            "kind": act.kind.value,
            "official": act.official_name,
            "summary": act.summary,
            "reason": act.reason,
        }
        for act in reversed(await acts_of(resident_id))
    ]


async def log(user: Principal) -> list[AssistAct]:
    """The latest acts in the areas this person governs (all of them for admins)."""
    query = AssistAct.filter(_in_scope(user)).select_related("area", "resident")
    return await query.order_by("-id").limit(LOG_SIZE)


def _china_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=clock.CHINA)
    return start, start + dt.timedelta(days=1)


@dataclass(frozen=True)
class Flag:
    official_name: str
    registrations: int


async def flags(user: Principal, day: dt.date | None = None) -> list[Flag]:
    """Officials who registered more than DAILY_FLAG people on ``day`` in this scope."""
    start, end = _china_day(day or clock.today())
    rows = (
        await AssistAct.filter(
            _in_scope(user), kind=ActKind.REGISTER, created_at__gte=start, created_at__lt=end
        )
        .annotate(n=Count("id"))
        .group_by("official_id", "official_name")
        .values("official_name", "n")
    )
    return [Flag(r["official_name"], r["n"]) for r in rows if r["n"] > DAILY_FLAG]


async def assisted_resident(user: Principal, resident_id: int) -> User | None:
    """A resident this official has acted for or may act for (found by id, in scope)."""
    query = User.filter(_home_in_scope(user), id=resident_id, is_active=True)
    return await query.select_related("home_area").first()


def _home_in_scope(user: Principal) -> Q:
    return governed_scope(user, lambda path: Q(home_area__path__startswith=path))


async def find_resident(user: Principal, mobile: str) -> User | None:
    query = User.filter(_home_in_scope(user), mobile=mobile, is_active=True)
    return await query.first()


async def contact_of(resident_id: int) -> AssistedContact | None:
    return await AssistedContact.get_or_none(resident_id=resident_id)


async def assisted_by(subject_type: str, subject_id: int) -> str | None:
    """Who wrote this record for its author (shown as "由 X 代办"), or None."""
    act = await AssistAct.filter(subject_type=subject_type, subject_id=str(subject_id)).first()
    return act.official_name if act else None
