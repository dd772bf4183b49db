"""The implementation rules as pure functions: milestone order, spend arithmetic, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountability.implementation import rules
from accountability.implementation.models import MilestoneKind as K
from accountability.implementation.rules import Reported
from projects.publicity import publicity_window

TODAY = dt.date(2026, 11, 28)


def r(kind: K, day: int, pct: int) -> Reported:
    return Reported(kind, dt.date(2026, 10, day), pct)


@pytest.mark.parametrize(
    ("history", "new", "message"),
    [
        ([], r(K.PROGRESS, 2, 10), "请先登记开工"),
        ([], r(K.COMPLETE, 2, 100), "请先登记开工"),
        ([r(K.START, 1, 0)], r(K.START, 2, 5), "已经登记过开工"),
        ([r(K.START, 1, 0)], r(K.ACCEPT, 2, 100), "完工后才能验收"),
        ([r(K.START, 1, 0)], r(K.COMPLETE, 2, 90), "应为 100％"),
        ([r(K.START, 1, 0), r(K.PROGRESS, 5, 40)], r(K.PROGRESS, 6, 30), "不能低于上次登记的 40％"),
        ([r(K.START, 5, 0)], r(K.PROGRESS, 4, 30), "不能早于上一个节点"),
        ([r(K.START, 1, 0), r(K.COMPLETE, 5, 100)], r(K.PROGRESS, 6, 100), "下一步是验收"),
        (
            [r(K.START, 1, 0), r(K.COMPLETE, 5, 100), r(K.ACCEPT, 6, 100)],
            r(K.PROGRESS, 7, 100),
            "已验收",
        ),
    ],
)
def test_milestones_out_of_order_are_refused(
    history: list[Reported], new: Reported, message: str
) -> None:
    refusal = rules.milestone_refusal(history, new, TODAY)
    assert refusal is not None and message in refusal


def test_a_whole_project_in_order_passes_and_no_date_is_in_the_future() -> None:
    steps = [
        r(K.START, 1, 0),
        r(K.PROGRESS, 10, 40),
        r(K.PROGRESS, 20, 80),
        r(K.COMPLETE, 25, 100),
        r(K.ACCEPT, 30, 100),
    ]
    for i, step in enumerate(steps):
        assert rules.milestone_refusal(steps[:i], step, TODAY) is None
    tomorrow = Reported(K.START, TODAY + dt.timedelta(days=1), 0)
    assert rules.milestone_refusal([], tomorrow, TODAY) == "日期不能晚于今天"


def test_the_approved_subsidy_is_finance_s_figure_once_confirmed() -> None:
    assert rules.approved_fen(30_000_000, None) == 30_000_000
    assert rules.approved_fen(30_000_000, 28_500_050) == 28_500_050
    assert rules.approved_fen(30_000_000, 0) == 0


@given(
    approved=st.integers(0, 10**12), amounts=st.lists(st.integers(-(10**6), 10**11), max_size=30)
)
def test_accepted_spend_never_exceeds_the_approved_subsidy(
    approved: int, amounts: list[int]
) -> None:
    recorded = 0
    for amount in amounts:
        refusal = rules.spend_refusal(approved, recorded, amount)
        if refusal is None:
            assert amount > 0
            recorded += amount
        else:
            assert amount <= 0 or recorded + amount > approved
    assert 0 <= recorded <= approved


def test_the_refusal_says_how_much_is_left_to_the_fen() -> None:
    assert (
        rules.spend_refusal(30_000_000, 29_999_950, 100)
        == "累计支出将超过核定奖补，最多还能登记 0.50 元"
    )
    assert rules.spend_refusal(30_000_000, 0, 30_000_000) is None


@given(spent=st.integers(0, 10**12), approved=st.integers(1, 10**12))
def test_the_spent_share_rounds_down_and_is_100_only_when_all_is_spent(
    spent: int, approved: int
) -> None:
    share = rules.spent_share(spent, approved)
    assert share * approved <= spent * 100 < (share + 1) * approved
    assert (share >= 100) == (spent >= approved)


def test_overdue_means_past_the_planned_finish_and_not_complete() -> None:
    before, after = dt.date(2026, 11, 27), dt.date(2026, 11, 29)
    assert rules.is_overdue(before, K.PROGRESS, TODAY)
    assert rules.is_overdue(before, None, TODAY)
    assert not rules.is_overdue(before, K.COMPLETE, TODAY)
    assert not rules.is_overdue(before, K.ACCEPT, TODAY)
    assert not rules.is_overdue(TODAY, K.PROGRESS, TODAY)  # the finish day itself is on time
    assert not rules.is_overdue(after, K.START, TODAY)
    assert not rules.is_overdue(None, K.START, TODAY)


def test_the_publicity_window_counts_the_first_day() -> None:
    # 2026-11-27 20:00 UTC is already the 28th in China.
    first, last = publicity_window(dt.datetime(2026, 11, 27, 20, tzinfo=dt.UTC), 7)
    assert (first, last) == (dt.date(2026, 11, 28), dt.date(2026, 12, 4))
