"""One money format for the whole site (issue 17): pools in 万元, line amounts in ¥."""

from __future__ import annotations

import pytest

from core.formatting import percent, wan_yuan, yuan
from core.i18n import current_locale


@pytest.mark.parametrize(
    ("fen", "shown"),
    [
        (200_0000_00, "200 万元"),  # no "200.00 万元" noise
        (12_5000_00, "12.5 万元"),
        (1_234_5600_00, "1,234.56 万元"),
        (1_0000_00, "1 万元"),
        (-40_0000_00, "-40 万元"),
    ],
)
def test_pools_read_in_wan_yuan_without_trailing_zeros(fen: int, shown: str) -> None:
    assert wan_yuan(fen) == shown


@pytest.mark.parametrize(
    ("fen", "shown"),
    [
        (9_999_00, "¥9,999.00"),  # small sums are not "0.9999 万元"
        (123_456_78, "¥123,456.78"),  # 万元 would have to round: exact ¥ instead
        (12_3456_00, "¥123,456.00"),
        (0, "¥0.00"),
    ],
)
def test_a_sum_wan_yuan_cannot_state_exactly_reads_in_yuan(fen: int, shown: str) -> None:
    assert wan_yuan(fen) == shown


def test_line_amounts_keep_the_yuan_sign_and_separators() -> None:
    assert yuan(44_000_000) == "¥440,000.00"
    assert yuan(-12_400_000) == "-¥124,000.00"
    assert yuan(None) == "—"


def test_english_reads_yuan_for_pools_too() -> None:
    token = current_locale.set("en")
    try:
        assert wan_yuan(200_0000_00) == "¥2,000,000.00"
    finally:
        current_locale.reset(token)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (1, 2400, "0.04%"),  # issue 17 saw "1 · 0%": a vote cast is never 0%
        (1, 1_000_000, "<0.01%"),
        (0, 2400, "0%"),
        (2, 6, "33%"),
        (1199, 1200, "99%"),  # not everybody voted: never 100%
        (5, 5, "100%"),
        (3, 0, "—"),
    ],
)
def test_shares_never_round_a_vote_away(part: int, whole: int, shown: str) -> None:
    assert percent(part, whole) == shown
