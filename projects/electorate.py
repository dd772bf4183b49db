"""The electorate of a process is locked while it votes: rosters under it may not change
(issue 14: paper ballots could otherwise be stuffed through a late roster)."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from core.i18n import gettext as _
from core.models import Area
from projects.models import Phase, Process


async def roster_change_refusal(conn: BaseDBAsyncClient, scope: Area) -> str | None:
    """Why no roster may change under `scope` now (a ``residents.hooks`` check), or None.

    Refused if a voting process covers any of the scope (its area inside the scope, or the
    scope inside its area). The processes are locked until the import commits, so none can
    open voting half-way through an import (PostgreSQL; SQLite writes one at a time)."""
    parts = scope.path.strip("/").split("/")
    ancestors = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts))]
    area_ids = await Area.filter(
        Q(path__startswith=scope.path) | Q(path__in=ancestors)
    ).values_list("id", flat=True)
    processes = (
        await Process.filter(area_id__in=list(area_ids))
        .select_for_update()
        .using_db(conn)
        .order_by("id")
    )
    voting = [p for p in processes if p.phase == Phase.VOTING]
    if not voting:
        return None
    return _("「{name}」正在投票，投票期间不能导入名册。请在投票结束后再导入。").format(
        name=voting[0].name
    )
