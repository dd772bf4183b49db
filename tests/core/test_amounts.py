"""Amounts as villagers write them are read exactly to fen, or refused, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.amounts import AmountUnreadable, FinerThanFen, parse_fen

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("5万", 5_000_000),
        ("5.2万元", 5_200_000),
        ("50,000", 5_000_000),
        ("¥50000", 5_000_000),
        ("￥50000", 5_000_000),
        ("5万元整", 5_000_000),
        ("５万", 5_000_000),
        ("５０，０００．５０元", 5_000_050),
        (" 1,234.56 ", 123_456),
        ("12元", 1_200),
        ("0.01", 1),
        ("3千", 300_000),
        ("1.5亿", 15_000_000_000),
        ("1.23456万", 1_234_560),
        ("人民币8000元", 800_000),
    ],
)
def test_common_forms_read_exactly(typed: str, fen: int) -> None:
    assert parse_fen(typed) == fen


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "五万",
        "5万5千",
        "-5",
        "12.345",
        "1.2345678万",
        "5,00",
        "50,0000",
        "1e5",
        "NaN",
        "5 万 3",
        "¥",
        "万",
        "5..2",
        "0x10",
        "10**20",
    ],
)
def test_what_cannot_be_read_exactly_is_refused(typed: str) -> None:
    with pytest.raises(AmountUnreadable):
        parse_fen(typed)


amounts_fen = st.integers(min_value=0, max_value=10**14)


def _grouped(fen: int) -> str:
    whole, cents = divmod(fen, 100)
    return f"{whole:,}.{cents:02d}"


@given(amounts_fen)
def test_plain_and_grouped_yuan_round_trip(fen: int) -> None:
    whole, cents = divmod(fen, 100)
    assert parse_fen(f"{whole}.{cents:02d}") == fen
    assert parse_fen(_grouped(fen)) == fen
    assert parse_fen(f"¥{_grouped(fen)}元") == fen


@given(amounts_fen)
def test_full_width_reads_as_ascii(fen: int) -> None:
    assert parse_fen(_grouped(fen).translate(FULL_WIDTH)) == fen


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["千", "万", "亿"]))
def test_units_scale_exactly(fen: int, unit: str) -> None:
    """ "x万" is x × 10,000 yuan; written with as many decimals as it needs, never rounded."""
    scale = {"千": 1_000, "万": 10_000, "亿": 100_000_000}[unit]
    number = Decimal(fen) / (100 * scale)  # yuan in units of `unit`, exact
    text = format(number.normalize(), "f")
    assert parse_fen(f"{text}{unit}元整") == fen


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_finer_than_a_fen_is_refused(whole: int, extra: int) -> None:
    with pytest.raises(AmountUnreadable):
        parse_fen(f"{whole}.00{extra}")


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        fen = parse_fen(text)
    except AmountUnreadable:
        return
    assert isinstance(fen, int)
    assert fen >= 0


@pytest.mark.parametrize("typed", ["12.345", "1.2345678万", "0.001"])
def test_a_part_of_a_fen_is_told_apart_from_the_unreadable(typed: str) -> None:
    """The form can then say "最多两位小数" instead of "看不懂"."""
    with pytest.raises(FinerThanFen):
        parse_fen(typed)
    with pytest.raises(AmountUnreadable) as unreadable:
        parse_fen("五万")
    assert not isinstance(unreadable.value, FinerThanFen)
