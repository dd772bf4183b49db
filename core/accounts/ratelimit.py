"""Login rate limiting per account and per address, counted in the database so every
app process shares the count."""

from __future__ import annotations

import datetime as dt

from core import settings
from core.models import LoginAttempt

# A village behind one carrier NAT shares an address: allow it more tries than one account.
ADDRESS_FACTOR = 4


def _keys(mobile: str, ip: str) -> dict[str, int]:
    limit = settings.LOGIN_MAX_FAILURES
    return {f"acct:{mobile}": limit, f"ip:{ip}": limit * ADDRESS_FACTOR}


def _window_start() -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


async def is_locked(mobile: str, ip: str) -> bool:
    since = _window_start()
    for key, limit in _keys(mobile, ip).items():
        if await LoginAttempt.filter(key=key, created_at__gte=since).count() >= limit:
            return True
    return False


async def note_failure(mobile: str, ip: str) -> None:
    await LoginAttempt.bulk_create([LoginAttempt(key=key) for key in _keys(mobile, ip)])


async def clear_account(mobile: str) -> None:
    """A successful login forgives the account's failures (not the address's)."""
    await LoginAttempt.filter(key=f"acct:{mobile}").delete()
    await LoginAttempt.filter(created_at__lt=_window_start()).delete()
