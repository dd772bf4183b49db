"""Reading an amount of money as people write it: "5万", "5.2万元", "50,000", "¥50000",
"5万元整", full-width "５万" — to integer fen, exactly (Decimal, never float).

One parser for every money field (`core.forms.Form.money`): a villager writes "5万" on a
proposal, a cadre "1,200,000" for a budget; both mean the same kind of thing.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

FEN_PER_YUAN = 100
MAX_FEN = 10**15  # 10 trillion yuan: far above any budget, far below a column's limit
UNITS = {"": 1, "千": 1_000, "万": 10_000, "亿": 100_000_000}
# After normalising: optional ¥, a number (plain or with correct thousands groups), an
# optional unit, optional 元/块 and 整. Checked by hand-written grouping, not "any commas".
_AMOUNT_RE = re.compile(
    r"(?:¥|rmb|人民币)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"(?P<unit>[千万亿]?)(?:元|块|块钱)?整?",
    re.ASCII | re.IGNORECASE,
)


class AmountUnreadable(ValueError):
    """The text is not an amount this parser can read exactly."""


class FinerThanFen(AmountUnreadable):
    """An amount that is read, but names a part of a fen ("1.234")."""


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, "，", "．" and "￥" into their ASCII (¥) forms.
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).replace("圆", "元")


def parse_fen(text: str) -> int:
    """Fen from what a person typed; `AmountUnreadable` when it cannot be read exactly."""
    match = _AMOUNT_RE.fullmatch(_normalise(text))
    if match is None:
        raise AmountUnreadable(text)
    whole = match["number"].replace(",", "")
    fraction = match["fraction"] or ""
    value = Decimal(f"{whole}.{fraction or '0'}") * UNITS[match["unit"]] * FEN_PER_YUAN
    if value != value.to_integral_value():  # finer than a fen: "0.001", "1.23456万"
        raise FinerThanFen(text)
    fen = int(value)
    if fen >= MAX_FEN:
        raise AmountUnreadable(text)
    return fen
