"""Throttles on sending SMS codes (短信轰炸 is a known attack on Chinese sites: a script
makes a site text a victim's phone over and over, or burns the site's SMS budget).

Per number (one per interval, and a day's worth), per address per hour, and all codes in a
day. Counted in the database (``LoginAttempt`` rows) so every app process shares the count,
and recorded before they are judged, like ``ratelimit.record``: of a burst of simultaneous
requests at most the limit go through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from core import clock, settings
from core.models import LoginAttempt

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class Window:
    key: str
    limit: int
    seconds: int


class SmsThrottled(Exception):
    """Too many codes; ``wait_seconds`` until the next one may be sent."""

    def __init__(self, wait_seconds: int) -> None:
        super().__init__(wait_seconds)
        self.wait_seconds = max(1, wait_seconds)


def windows(mobile: str, ip: str) -> list[Window]:
    return [
        Window(f"sms:gap:{mobile}", 1, settings.SMS_CODE_INTERVAL_SECONDS),
        Window(f"sms:day:{mobile}", settings.SMS_CODES_PER_NUMBER_PER_DAY, DAY),
        Window(f"sms:ip:{ip}", settings.SMS_CODES_PER_ADDRESS_PER_HOUR, HOUR),
        Window("sms:all", settings.SMS_CODES_PER_DAY, DAY),
    ]


def _since(window: Window, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=window.seconds)


async def _wait(window: Window, now: dt.datetime) -> int:
    """Seconds until this window holds fewer than its limit (this request's row removed)."""
    rows = LoginAttempt.filter(key=window.key, created_at__gte=_since(window, now))
    over = await rows.count() - window.limit
    oldest = await rows.order_by("created_at", "id").offset(max(0, over)).first()
    if oldest is None:
        return 1
    return int((oldest.created_at + dt.timedelta(seconds=window.seconds) - now).total_seconds())


async def take(mobile: str, ip: str) -> None:
    """Count one code for ``mobile`` from ``ip``; raise SmsThrottled if any window is full."""
    # In China time, as the database stores instants: SQLite compares the stored text.
    now = dt.datetime.now(clock.CHINA)
    limits = windows(mobile, ip)
    async with in_transaction():  # committed before the counts: parallel requests see it
        rows = [await LoginAttempt.create(key=w.key) for w in limits]
    full = [
        w
        for w in limits
        if await LoginAttempt.filter(key=w.key, created_at__gte=_since(w, now)).count() > w.limit
    ]
    for w in limits:  # rows past their window count no more
        await LoginAttempt.filter(key=w.key, created_at__lt=_since(w, now)).delete()
    if full:
        # Refused: nothing was sent, so this request does not count against later ones.
        await LoginAttempt.filter(id__in=[row.id for row in rows]).delete()
        raise SmsThrottled(max([await _wait(w, now) for w in full]))
