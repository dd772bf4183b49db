"""The audit log's filters, shared by the page and the exports: action, person, dates."""

from __future__ import annotations

import datetime as dt

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.clock import CHINA
from core.models import AuditEntry

FILTERS = ("action", "actor", "since", "until")


def _date(raw: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    # The first and last days there are: a day's bounds in China time would overflow.
    return day if dt.date.min < day < dt.date.max else None


def filtered(params: dict[str, str]) -> QuerySet[AuditEntry]:
    """Entries whose action starts with `action`, whose actor's name (with mobile) contains
    `actor`, made from day `since` to day `until` inclusive, in China time."""
    entries = AuditEntry.all()
    if action := params.get("action", "").strip()[:64]:
        entries = entries.filter(action__startswith=action)
    if actor := params.get("actor", "").strip()[:50]:
        entries = entries.filter(Q(actor_name__icontains=actor))
    if since := _date(params.get("since", "")):
        entries = entries.filter(created_at__gte=dt.datetime.combine(since, dt.time(), CHINA))
    if until := _date(params.get("until", "")):
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), CHINA)
        entries = entries.filter(created_at__lt=end)
    return entries


def filter_values(params: dict[str, str]) -> dict[str, str]:
    """The filters as given (what an export link carries and its audit entry records)."""
    return {name: params.get(name, "").strip()[:64] for name in FILTERS}
