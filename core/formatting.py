"""How money, dates and numbers read on a page (zh-CN conventions, English when chosen)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.clock import CHINA
from core.i18n import current_locale

FEN_PER_YUAN = 100


def yuan(fen: int | None) -> str:
    """¥1,234.50 from integer fen."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}¥{whole:,}.{cents:02d}"


def wan_yuan(fen: int | None) -> str:
    """Pools and budgets as 万元, as they are spoken of: "200 万元", "12.5 万元".

    The rule for the whole site: a pool, a budget or a heading reads in 万元; a line
    amount (a project's cost, a subsidy, a spend) reads as ¥ with thousands separators
    (`yuan`). Never rounded: a sum below ¥10,000, or one that 万元 with two decimals
    cannot state exactly (not a whole ¥100), reads as ¥ instead; no trailing zeros.
    """
    if fen is None:
        return "—"
    exact_in_wan = fen % (FEN_PER_YUAN * 100) == 0
    if current_locale.get() == "en" or abs(fen) < FEN_PER_YUAN * 10_000 or not exact_in_wan:
        return yuan(fen)
    wan = Decimal(fen) / Decimal(FEN_PER_YUAN * 10_000)
    return f"{wan.normalize():,f} 万元"


def date_cn(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if current_locale.get() == "en":
        return f"{value.year}-{value.month:02d}-{value.day:02d}"
    return f"{value.year}年{value.month}月{value.day}日"


def datetime_cn(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone(CHINA)
    return f"{date_cn(local)} {local:%H:%M}"


def number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def percent(part: int, whole: int) -> str:
    """A share as people read it: whole percents, but never a nonzero share shown as 0%
    (1 of 2,400 voters is "0.04%") nor an incomplete one as 100%."""
    if whole <= 0:
        return "—"
    if part == 0 or part == whole:
        return f"{100 * part // whole}%"
    exact = Decimal(100 * part) / Decimal(whole)
    if exact < 1:
        small = exact.quantize(Decimal("0.01"))
        return f"{small}%" if small > 0 else "<0.01%"
    shown = min(int(exact.quantize(Decimal("1"))), 99)
    return f"{shown}%"


def fen_to_input(fen: int | None) -> str:
    """Fen as a form shows it back for editing: 1234.50."""
    if fen is None:
        return ""
    whole, cents = divmod(fen, FEN_PER_YUAN)
    return f"{whole}.{cents:02d}" if cents else str(whole)
