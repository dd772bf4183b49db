"""Admins read the audit log, filtered by action, person and date."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.forms import parse_id
from core.models import AuditEntry, Role
from core.permissions import requires
from core.templating import render

PAGE_SIZE = 50
CHINA = dt.timezone(dt.timedelta(hours=8))


def _date(raw: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    # The first and last days there are: a day's bounds in China time would overflow.
    return day if dt.date.min < day < dt.date.max else None


def _filtered(params: dict[str, str]) -> QuerySet[AuditEntry]:
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


@requires(Role.ADMIN)
async def audit_list(request: Request) -> Response:
    params = dict(request.query_params)
    page = max(1, parse_id(params.get("page")) or 1)
    entries = _filtered(params)
    total = await entries.count()
    rows = await entries.order_by("-id").offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    actions = await AuditEntry.all().distinct().order_by("action").values_list("action", flat=True)
    context = {
        "entries": rows, "params": params, "page": page, "total": total,
        "pages": max(1, -(-total // PAGE_SIZE)), "actions": actions,
    }
    return render(request, "auditlog/list.html", context, block="results")
