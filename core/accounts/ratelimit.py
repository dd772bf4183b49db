"""Rate limiting of attempts per account and per address (logins, resident verification,
registrations, uploads), counted in the database so every app process shares the count.

An attempt is recorded *before* it is judged: its rows are inserted (and committed), then
the window is counted. Of any burst of simultaneous attempts, the one whose rows were
committed last counts every row of the burst, so at most `limit` of them can ever be let
through; reading the count first and writing the failure afterwards let 24 parallel wrong
passwords all be checked against a limit of 5. A let-through attempt that succeeds removes
its own rows again (`succeeded`), a failed one leaves them as its failure, and a refused
one removes them (it checked nothing). Removing only ever lowers later counts of attempts
whose rows stay, so the bound holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from core import clock, settings
from core.models import LoginAttempt

# A village behind one carrier NAT shares an address: allow it more tries than one account.
ADDRESS_FACTOR = 4


def _window_start(window_seconds: int) -> dt.datetime:
    # In China time, as the database stores instants (Tortoise's timezone): SQLite compares
    # the stored text, and a UTC bound read every row of the last eight hours as recent.
    return dt.datetime.now(clock.CHINA) - dt.timedelta(seconds=window_seconds)


async def _counts(keys: list[str], window_seconds: int) -> dict[str, int]:
    rows = (
        await LoginAttempt.filter(key__in=keys, created_at__gte=_window_start(window_seconds))
        .annotate(n=Count("id"))
        .group_by("key")
        .values_list("key", "n")
    )
    return {str(key): int(n) for key, n in rows}


async def count(key: str, window_seconds: int) -> int:
    """Rows of `key` in the window (a look only)."""
    return (await _counts([key], window_seconds)).get(key, 0)


@dataclass
class Attempt:
    """One recorded attempt: `allowed` says whether it may go ahead."""

    ids: list[int]
    counts: dict[str, int]
    allowed: bool

    async def forget(self) -> None:
        """Not a failure after all (e.g. a form error found later): remove its rows."""
        if self.ids:
            await LoginAttempt.filter(id__in=self.ids).delete()


async def record(limits: Mapping[str, int], window_seconds: int) -> Attempt:
    """Insert one row per key, then count each key's rows in the window (this one included);
    allowed when no key is over its limit."""
    keys = list(limits)
    async with in_transaction():  # committed before the count: the others must see it
        rows = [await LoginAttempt.create(key=key) for key in keys]
    counts = await _counts(keys, window_seconds)
    allowed = all(counts.get(key, 0) <= limit for key, limit in limits.items())
    # Rows past the window count no more: these keys' are removed as they go by, so the
    # table holds about a window's worth (uploads and registrations never "succeed").
    old = _window_start(window_seconds)
    await LoginAttempt.filter(key__in=keys, created_at__lt=old).delete()
    return Attempt([row.id for row in rows], counts, allowed)


@dataclass(frozen=True)
class FailureLimit:
    """At most `max_failures` per account (ADDRESS_FACTOR× per address) in a sliding window.

    `prefix` keeps each use's counts apart (``verify:`` for roster verification).
    """

    prefix: str
    max_failures: int
    window_seconds: int

    def limits(self, account: str, ip: str) -> dict[str, int]:
        return {
            f"{self.prefix}acct:{account}": self.max_failures,
            f"{self.prefix}ip:{ip}": self.max_failures * ADDRESS_FACTOR,
        }

    def allows(self, counts: Mapping[str, int], account: str, ip: str) -> bool:
        return all(counts.get(k, 0) <= n for k, n in self.limits(account, ip).items())

    async def attempt(self, account: str, ip: str) -> Attempt:
        """Record an attempt first, then decide whether it may be checked."""
        attempt = await record(self.limits(account, ip), self.window_seconds)
        attempt.allowed = self.allows(attempt.counts, account, ip)
        if not attempt.allowed:
            # Nothing was checked: only checked guesses count, so a guesser hammering a
            # locked pair does not add to the account's count from everywhere.
            await attempt.forget()
        return attempt

    async def is_locked(self, account: str, ip: str) -> bool:
        """Would the next attempt be refused? (A look only; nothing is recorded.)"""
        keys = list(self.limits(account, ip))
        counts = await _counts(keys, self.window_seconds)
        return not self.allows({k: counts.get(k, 0) + 1 for k in keys}, account, ip)

    def forgiven_keys(self, account: str, ip: str) -> list[str]:
        """What a success clears: the account's failures (not the address's)."""
        return [f"{self.prefix}acct:{account}"]

    async def succeeded(self, attempt: Attempt, account: str, ip: str) -> None:
        """A success is no failure: drop its rows and forgive; old rows expire here too."""
        await attempt.forget()
        await LoginAttempt.filter(key__in=self.forgiven_keys(account, ip)).delete()
        mine = Q(key__startswith=f"{self.prefix}acct:") | Q(key__startswith=f"{self.prefix}ip:")
        old = _window_start(self.window_seconds)
        await LoginAttempt.filter(mine, created_at__lt=old).delete()


@dataclass(frozen=True)
class LoginLimit(FailureLimit):
    """Logins slow the guesser down instead of locking the owner out.

    Five wrong passwords from one address lock that address out of that account (and an
    address spraying many accounts out of all of them), but never the owner typing the right
    password elsewhere: an official was locked out on voting night by someone else's five
    tries. Against a guesser spread over many addresses, once the account has drawn
    ADDRESS_FACTOR× the limit in failures from everywhere, each address gets one try at it
    per window.
    """

    def limits(self, account: str, ip: str) -> dict[str, int]:
        return {
            f"{self.prefix}acct:{account}@{ip}": self.max_failures,
            f"{self.prefix}ip:{ip}": self.max_failures * ADDRESS_FACTOR,
            f"{self.prefix}acct:{account}": self.max_failures * ADDRESS_FACTOR,
        }

    def allows(self, counts: Mapping[str, int], account: str, ip: str) -> bool:
        pair, address, everywhere = self.limits(account, ip)
        under_attack = counts.get(everywhere, 0) > self.max_failures * ADDRESS_FACTOR
        per_pair = 1 if under_attack else self.max_failures
        return (
            counts.get(pair, 0) <= per_pair
            and counts.get(address, 0) <= self.max_failures * ADDRESS_FACTOR
        )

    def forgiven_keys(self, account: str, ip: str) -> list[str]:
        """The owner got in from here: this address's failures on the account are forgiven."""
        return [f"{self.prefix}acct:{account}@{ip}"]


def login_limit() -> LoginLimit:
    return LoginLimit("", settings.LOGIN_MAX_FAILURES, settings.LOGIN_WINDOW_SECONDS)
