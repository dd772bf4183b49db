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
    """Large sums as 万元 (¥10,000s), as budgets are spoken of; exact to two decimals."""
    if fen is None:
        return "—"
    if current_locale.get() == "en":
        return yuan(fen)
    wan = Decimal(fen) / Decimal(FEN_PER_YUAN * 10_000)
    return f"{wan.quantize(Decimal('0.01')):,} 万元"


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


def fen_to_input(fen: int | None) -> str:
    """Fen as a form shows it back for editing: 1234.50."""
    if fen is None:
        return ""
    whole, cents = divmod(fen, FEN_PER_YUAN)
    return f"{whole}.{cents:02d}" if cents else str(whole)
