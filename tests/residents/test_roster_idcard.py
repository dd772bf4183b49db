"""ID numbers (GB 11643), their keyed hash, dates and ages: pure functions, no database."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from core import clock, settings
from residents import idcard
from residents.eligibility import age_on
from residents.validation import normalise_name, parse_dates


def test_the_standards_example_is_valid() -> None:
    assert idcard.is_valid("11010519491231002X")  # GB 11643's worked example, ends in X


def test_check_digit_is_iso_7064_mod_11_2() -> None:
    """Against the formula itself: Σ aᵢ·2^(17−i) mod 11 → (12 − that) mod 11, 10 written X."""
    rng = random.Random(3)
    for _ in range(500):
        first17 = "".join(str(rng.randrange(10)) for _ in range(17))
        total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
        value = (12 - total % 11) % 11
        assert idcard.check_digit(first17) == ("X" if value == 10 else str(value))


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491231002", "17 characters"),
        ("1101051949123100X2", "X inside"),
        ("370104198002300010", "30 February"),
        ("370104189912310010", "before 1900"),
    ],
)
def test_invalid_numbers(number: str, why: str) -> None:
    if len(number) == 18 and why not in ("check digit", "X inside"):
        number = number[:17] + idcard.check_digit(number[:17])  # only the date is wrong
    assert not idcard.is_valid(number), why


def test_a_future_birth_date_is_not_plausible() -> None:
    tomorrow = clock.today() + dt.timedelta(days=1)
    assert not idcard.is_valid(idcard.make_number("370104", tomorrow, 1))
    assert idcard.birth_date_of(idcard.make_number("370104", dt.date(1980, 3, 1), 1)) == (
        dt.date(1980, 3, 1)
    )


def test_column_check_agrees_with_the_single_check() -> None:
    rng = random.Random(7)
    numbers = []
    for _ in range(2000):
        born = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(50_000))
        number = idcard.make_number(f"{rng.randrange(110000, 660000)}", born, rng.randrange(1000))
        if rng.random() < 0.3:  # corrupt some: one digit changed, or cut short
            spot = rng.randrange(17)
            number = number[:spot] + str((int(number[spot]) + 1) % 10) + number[spot + 1 :]
        if rng.random() < 0.05:
            number = number[: rng.randrange(18)]
        numbers.append(number)
    numbers.append("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")
    verdict = idcard.check_numbers(pd.Series(numbers, dtype=str))
    bad = verdict.malformed | verdict.bad_check_digit | verdict.bad_birth_date
    assert [not b for b in bad] == [idcard.is_valid(n) for n in numbers]


def test_the_hash_is_keyed_and_ignores_case(monkeypatch: pytest.MonkeyPatch) -> None:
    number = "11010519491231002X"
    digest = idcard.id_hash(number)
    assert len(digest) == 64 and number not in digest
    assert idcard.id_hash(number.lower()) == digest
    assert idcard.id_hashes([number], idcard.hash_key()) == [digest]
    monkeypatch.setattr(settings, "SECRET_KEY", "another secret")
    assert idcard.id_hash(number) != digest


def test_normalise_typing() -> None:
    assert idcard.normalise(" 11010519491231002x ") == "11010519491231002X"
    assert idcard.normalise("110105 19491231 002X") == "11010519491231002X"
    assert idcard.normalise("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert not idcard.is_valid("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")  # Arabic-Indic digits stay out
    assert normalise_name(" 张　桂兰 ") == "张桂兰"  # full-width space too
    assert normalise_name("ＡＢ") == "AB"


def test_date_forms() -> None:
    raw = pd.Series(
        [
            "1980-03-01",
            "1980/3/1",
            "1980.3.1",
            "1980年3月1日",
            "19800301",
            "1980-03-01 00:00:00",
            "1980-02-30",
            "三月",
            "",
        ],
        dtype=str,
    )
    parsed = parse_dates(raw)
    assert parsed[:6].dt.date.tolist() == [dt.date(1980, 3, 1)] * 6
    assert parsed[6:].isna().all()


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2009, 6, 15), dt.date(2027, 6, 15), 18),  # the 18th birthday itself
        (dt.date(2009, 6, 15), dt.date(2027, 6, 14), 17),  # the day before
        (dt.date(2009, 6, 15), dt.date(2027, 12, 31), 18),
        (dt.date(2009, 6, 15), dt.date(2028, 1, 1), 18),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # leapling, common year
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
        (dt.date(2008, 2, 29), dt.date(2028, 2, 29), 20),
        (dt.date(2008, 2, 29), dt.date(2028, 2, 28), 19),
        (dt.date(2000, 1, 1), dt.date(2000, 1, 1), 0),
    ],
)
def test_age_on(born: dt.date, day: dt.date, age: int) -> None:
    assert age_on(born, day) == age
