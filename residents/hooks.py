"""Rules that a higher layer sets on changes to the rosters, registered by ``app.wiring``.

The electorate is locked while a vote counts it: no roster may change under a process in
voting. Processes and their phases belong to projects, so projects owns that rule and
registers it here; residents only asks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.backends.base.client import BaseDBAsyncClient

from core.models import Area

# (the import's connection, the roster's area) → why the roster may not change, or None.
RosterCheck = Callable[[BaseDBAsyncClient, Area], Awaitable[str | None]]

_checks: list[RosterCheck] = []


def on_roster_change(check: RosterCheck) -> None:
    if check not in _checks:
        _checks.append(check)


async def roster_change_refusal(conn: BaseDBAsyncClient, scope: Area) -> str | None:
    """Asked inside the import's transaction (a check may lock what it reads)."""
    for check in _checks:
        refusal = await check(conn, scope)
        if refusal:
            return refusal
    return None
