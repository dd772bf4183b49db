"""The rating window and figures, stated exactly (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from accountability.ratings import rules

ACCEPTED = dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (dt.date(2027, 2, 28), False),  # the day before acceptance
        (ACCEPTED, True),
        (dt.date(2027, 3, 30), True),  # the 30th day
        (dt.date(2027, 3, 31), False),
    ],
)
def test_the_window_is_thirty_days_from_the_acceptance_day(day: dt.date, open_: bool) -> None:
    assert (rules.window_refusal(ACCEPTED, day) is None) is open_


def test_the_refusals_say_why() -> None:
    assert rules.window_refusal(None, ACCEPTED) == "项目通过验收后才能评价"
    closed = rules.window_refusal(ACCEPTED, dt.date(2027, 4, 1))
    assert closed == "评价已于 2027年3月30日 截止（验收后 30 天内可评价）"


@pytest.mark.parametrize(
    ("scores", "average"),
    [
        ([], "—"),
        ([5], "5.0"),
        ([5, 4, 4, 4], "4.3"),  # 4.25 rounds half up
        ([1, 2], "1.5"),
        ([3, 3, 4], "3.3"),  # 3.333…
        ([5, 5, 4], "4.7"),  # 4.666…
    ],
)
def test_the_average_is_to_one_decimal(scores: list[int], average: str) -> None:
    assert rules.figures(scores).average == average


def test_the_distribution_counts_each_score() -> None:
    f = rules.figures([5, 5, 3, 1])
    assert f.count == 4 and f.total == 14
    assert f.by_score == {5: 2, 4: 0, 3: 1, 2: 0, 1: 1}
    assert f.share(5) == 50 and f.share(4) == 0
