"""Every voting method's rules, inside and outside the limits (pure, no database)."""

from __future__ import annotations

import pytest

from core.formatting import yuan
from projects.models import VotingMethod
from votes.ballots.forms import BadBallot, marks_from
from votes.ballots.limits import BallotLimits, meter, problems, rules_in_words

COSTS = {1: 300, 2: 500, 3: 200, 4: 100}
M = VotingMethod


def limits(method: VotingMethod, **kw: int) -> BallotLimits:
    return BallotLimits(method=method, budget_fen=kw.pop("budget", 800), **kw)


@pytest.mark.parametrize(
    ("rules", "marks", "expected"),
    [
        (limits(M.APPROVAL, min_picks=1, max_picks=2), {1: 1}, []),
        (limits(M.APPROVAL, min_picks=1, max_picks=2), {1: 1, 2: 1}, []),
        (limits(M.APPROVAL, min_picks=1, max_picks=2), {1: 1, 2: 1, 3: 1}, ["最多只能选 2 个项目"]),
        (limits(M.APPROVAL, min_picks=2), {1: 1}, ["至少要选 2 个项目"]),
        (limits(M.APPROVAL), {}, ["还没有选择任何项目"]),
        (limits(M.APPROVAL), {9: 1}, ["选票中有不在本票箱的项目"]),
        (limits(M.APPROVAL), {1: 2}, ["选票数据无效"]),
        (limits(M.KNAPSACK), {1: 1, 2: 1}, []),  # exactly the budget
        (
            limits(M.KNAPSACK),
            {1: 1, 2: 1, 4: 1},
            [f"所选项目共 {yuan(900)}，已超出 {yuan(100)}（预算 {yuan(800)}），请减少选择"],
        ),
        (
            limits(M.KNAPSACK, knapsack_min_share=50),
            {4: 1},
            ["所选项目至少要用到预算的百分之 50（¥4.00）"],
        ),
        (limits(M.CUMULATIVE, points_total=10, points_per_project=6), {1: 6, 2: 4}, []),
        (
            limits(M.CUMULATIVE, points_total=10, points_per_project=6),
            {1: 7, 2: 3},
            ["每个项目最多 6 点"],
        ),
        (limits(M.CUMULATIVE, points_total=10), {1: 6, 2: 5}, ["共分配了 11 点，超过了 10 点"]),
        (limits(M.RANKED, max_picks=3), {1: 1, 2: 2, 3: 3}, []),
        (limits(M.RANKED, max_picks=3), {1: 1, 2: 3}, ["名次须从 1 开始连续排列，不能重复"]),
        (limits(M.RANKED, max_picks=3), {1: 1, 2: 1}, ["名次须从 1 开始连续排列，不能重复"]),
        (limits(M.RANKED, max_picks=2), {1: 1, 2: 2, 3: 3}, ["最多只能排 2 个项目"]),
        (limits(M.CHOOSE_ONE), {3: 1}, []),
        (limits(M.CHOOSE_ONE), {3: 1, 4: 1}, ["只能选择 1 个项目"]),
    ],
)
def test_method_rules(rules: BallotLimits, marks: dict[int, int], expected: list[str]) -> None:
    assert problems(rules, marks, COSTS) == expected


def test_meter_counts_money_points_and_picks() -> None:
    knap = meter(limits(M.KNAPSACK), {1: 1, 3: 1}, COSTS)
    assert (knap.spent_fen, knap.money_left_fen, knap.ok) == (500, 300, True)
    over = meter(limits(M.KNAPSACK), {1: 1, 2: 1, 3: 1}, COSTS)
    assert over.money_left_fen == -200 and not over.ok
    points = meter(limits(M.CUMULATIVE, points_total=10), {1: 4, 2: 3}, COSTS)
    assert (points.points_used, points.points_left) == (7, 3)
    picks = meter(limits(M.APPROVAL, max_picks=3), {1: 1}, COSTS)
    assert (picks.picks, picks.picks_left) == (1, 2)


def test_forms_read_each_method_and_refuse_junk() -> None:
    assert marks_from({"p1": "on", "p2": "1", "p3": "0", "p4": "", "px": "1"}) == {1: 1, 2: 1}
    assert marks_from({"choice": "7", "csrf_token": "t"}) == {7: 1}
    assert marks_from({"p1": "5", "p2": "3"}, on_ballot={1, 2, 3}) == {1: 5, 2: 3}
    # Junk is refused, not dropped: ASCII digits only (issue 14 item 11).
    for junk in (
        {"p1": "5", "p2": "-3"},
        {"p3": "99999999"},
        {"p1": "²"},
        {"p1": "١"},
        {"p١": "1"},
        {"p²": "1"},
        {"p1234567890": "1"},
        {"choice": "²"},
        {"choice": "x"},
    ):
        with pytest.raises(BadBallot, match="选票数据无效"):
            marks_from(junk)
    with pytest.raises(BadBallot, match="不在本票箱"):
        marks_from({"p1": "1", "p9": "1"}, on_ballot={1, 2})


def test_the_meter_of_a_ballot_naming_a_project_not_in_the_box() -> None:
    """A proposal id not on the ballot raised KeyError in the meter: a 500 (issue 14 item 11)."""
    shown = meter(limits(M.KNAPSACK), {1: 1, 99: 1}, COSTS)
    assert shown.spent_fen == COSTS[1]
    assert shown.problems == ("选票中有不在本票箱的项目",)


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        (limits(M.APPROVAL, max_picks=5), ["最多选 5 个项目。"]),
        (limits(M.APPROVAL, min_picks=2, max_picks=5), ["请选 2 到 5 个项目。"]),
        (limits(M.APPROVAL), ["想支持几个项目就选几个，多选不限。"]),
        (limits(M.KNAPSACK), [f"预算 {yuan(800)}：所选项目的费用加起来不能超过它。"]),
        (
            limits(M.KNAPSACK, max_picks=3, knapsack_min_share=50),
            [
                "最多选 3 个项目。",
                f"预算 {yuan(800)}：所选项目的费用加起来不能超过它。",
                f"所选项目至少要用到预算的百分之 50（{yuan(400)}）。",
            ],
        ),
        (
            limits(M.CUMULATIVE, points_total=10, points_per_project=6),
            ["您有 10 点，可以分给几个项目；每个项目最多 6 点。"],
        ),
        (
            limits(M.RANKED, max_picks=3),
            ["最多排 3 个项目。", "从第 1 名开始连续排，名次不能重复。"],
        ),
        (limits(M.CHOOSE_ONE), ["只能选 1 个项目。"]),
    ],
)
def test_the_rules_are_told_in_plain_words(rules: BallotLimits, words: list[str]) -> None:
    assert rules_in_words(rules) == words


def test_every_limit_that_refuses_is_told_first() -> None:
    """A ballot refused for picks, budget or points was warned of that very number."""
    cases = [
        (limits(M.APPROVAL, max_picks=2), {1: 1, 2: 1, 3: 1}, "2"),
        (limits(M.KNAPSACK), {1: 1, 2: 1, 4: 1}, yuan(800)),
        (limits(M.CUMULATIVE, points_total=10, points_per_project=6), {1: 7, 2: 3}, "6"),
    ]
    for rules, marks, number in cases:
        assert problems(rules, marks, COSTS)
        assert any(number in line for line in rules_in_words(rules))
