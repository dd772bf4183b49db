"""Rate limiting of failures per account and per address (logins, resident verification),
counted in the database so every app process shares the count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import Q

from core import settings
from core.models import LoginAttempt

# A village behind one carrier NAT shares an address: allow it more tries than one account.
ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class FailureLimit:
    """At most `max_failures` per account (ADDRESS_FACTOR× per address) in a sliding window.

    `prefix` keeps each use's counts apart; logins use none, so their keys stay as they were.
    """

    prefix: str
    max_failures: int
    window_seconds: int

    def _keys(self, account: str, ip: str) -> dict[str, int]:
        return {
            f"{self.prefix}acct:{account}": self.max_failures,
            f"{self.prefix}ip:{ip}": self.max_failures * ADDRESS_FACTOR,
        }

    def _window_start(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=self.window_seconds)

    async def is_locked(self, account: str, ip: str) -> bool:
        since = self._window_start()
        for key, limit in self._keys(account, ip).items():
            if await LoginAttempt.filter(key=key, created_at__gte=since).count() >= limit:
                return True
        return False

    async def note_failure(self, account: str, ip: str) -> None:
        keys = self._keys(account, ip)
        await LoginAttempt.bulk_create([LoginAttempt(key=key) for key in keys])

    async def clear_account(self, account: str) -> None:
        """Success forgives the account's failures (not the address's); old ones expire."""
        await LoginAttempt.filter(key=f"{self.prefix}acct:{account}").delete()
        mine = Q(key__startswith=f"{self.prefix}acct:") | Q(key__startswith=f"{self.prefix}ip:")
        await LoginAttempt.filter(mine, created_at__lt=self._window_start()).delete()


def login_limit() -> FailureLimit:
    return FailureLimit("", settings.LOGIN_MAX_FAILURES, settings.LOGIN_WINDOW_SECONDS)


async def is_locked(mobile: str, ip: str) -> bool:
    return await login_limit().is_locked(mobile, ip)


async def note_failure(mobile: str, ip: str) -> None:
    await login_limit().note_failure(mobile, ip)


async def clear_account(mobile: str) -> None:
    await login_limit().clear_account(mobile)
