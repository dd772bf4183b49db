"""What a ballot may hold, per voting method: pure checks, no database.

The server enforces every rule here whatever the page showed; the page uses the same
functions to draw its live meter (money left, points left, picks left).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.formatting import yuan
from core.i18n import gettext as _
from projects.models import VotingMethod


@dataclass(frozen=True)
class BallotLimits:
    """A ballot box's rules, frozen with the process when voting opens."""

    method: VotingMethod
    budget_fen: int  # the heading's (or process's) money: the knapsack limit
    min_picks: int = 0
    max_picks: int = 0  # 0: no limit (approval); ranked: how many may be ranked
    points_total: int = 0  # cumulative
    points_per_project: int = 0  # cumulative cap; 0: up to the total
    knapsack_min_share: int = 0  # percent of the budget a knapsack ballot must use


@dataclass(frozen=True)
class Meter:
    """What the sticky meter at the bottom of the ballot shows."""

    picks: int
    picks_left: int | None
    spent_fen: int
    money_left_fen: int | None
    points_used: int
    points_left: int | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def meter(limits: BallotLimits, marks: Mapping[int, int], costs: Mapping[int, int]) -> Meter:
    """`marks`: proposal id → 1 (approval, knapsack, choose-1), points, or rank."""
    chosen = {p: v for p, v in marks.items() if v > 0}
    spent = sum(costs.get(p, 0) for p in chosen)  # one not in the box: `problems` says so
    used = sum(chosen.values()) if limits.method == VotingMethod.CUMULATIVE else 0
    return Meter(
        picks=len(chosen),
        picks_left=limits.max_picks - len(chosen) if limits.max_picks else None,
        spent_fen=spent,
        money_left_fen=(
            limits.budget_fen - spent if limits.method == VotingMethod.KNAPSACK else None
        ),
        points_used=used,
        points_left=(
            limits.points_total - used if limits.method == VotingMethod.CUMULATIVE else None
        ),
        problems=tuple(problems(limits, chosen, costs)),
    )


def problems(limits: BallotLimits, marks: Mapping[int, int], costs: Mapping[int, int]) -> list[str]:
    """Every reason this ballot cannot be cast, in Chinese; empty when it is valid."""
    unknown = [p for p in marks if p not in costs]
    if unknown:
        return [_("选票中有不在本票箱的项目")]
    if any(v < 0 for v in marks.values()):
        return [_("选票数据无效")]
    chosen = {p: v for p, v in marks.items() if v > 0}
    if not chosen:
        return [_("还没有选择任何项目")]
    check = CHECKS[limits.method]
    return check(limits, chosen, costs)


def _approval(
    limits: BallotLimits, chosen: Mapping[int, int], costs: Mapping[int, int]
) -> list[str]:
    found = []
    if any(v != 1 for v in chosen.values()):
        found.append(_("选票数据无效"))
    if len(chosen) < limits.min_picks:
        found.append(_("至少要选 {n} 个项目").format(n=limits.min_picks))
    if limits.max_picks and len(chosen) > limits.max_picks:
        found.append(_("最多只能选 {n} 个项目").format(n=limits.max_picks))
    return found


def _knapsack(
    limits: BallotLimits, chosen: Mapping[int, int], costs: Mapping[int, int]
) -> list[str]:
    found = _approval(limits, chosen, costs)
    spent = sum(costs[p] for p in chosen)
    if spent > limits.budget_fen:
        found.append(
            _("所选项目共 {spent}，已超出 {over}（预算 {budget}），请减少选择").format(
                spent=yuan(spent),
                over=yuan(spent - limits.budget_fen),
                budget=yuan(limits.budget_fen),
            )
        )
    minimum = limits.budget_fen * limits.knapsack_min_share // 100
    if spent < minimum:
        found.append(
            _("所选项目至少要用到预算的百分之 {n}（{money}）").format(
                n=limits.knapsack_min_share, money=yuan(minimum)
            )
        )
    return found


def _cumulative(
    limits: BallotLimits, chosen: Mapping[int, int], costs: Mapping[int, int]
) -> list[str]:
    found = []
    used = sum(chosen.values())
    if used > limits.points_total:
        found.append(
            _("共分配了 {used} 点，超过了 {total} 点").format(used=used, total=limits.points_total)
        )
    cap = limits.points_per_project or limits.points_total
    if any(v > cap for v in chosen.values()):
        found.append(_("每个项目最多 {n} 点").format(n=cap))
    if limits.max_picks and len(chosen) > limits.max_picks:
        found.append(_("最多只能给 {n} 个项目分配点数").format(n=limits.max_picks))
    return found


def _ranked(limits: BallotLimits, chosen: Mapping[int, int], costs: Mapping[int, int]) -> list[str]:
    ranks = sorted(chosen.values())
    k = limits.max_picks or len(costs)
    if len(chosen) > k:
        return [_("最多只能排 {n} 个项目").format(n=k)]
    if ranks != list(range(1, len(ranks) + 1)):
        return [_("名次须从 1 开始连续排列，不能重复")]
    if len(chosen) < limits.min_picks:
        return [_("至少要排 {n} 个项目").format(n=limits.min_picks)]
    return []


def _choose_one(
    limits: BallotLimits, chosen: Mapping[int, int], costs: Mapping[int, int]
) -> list[str]:
    if len(chosen) != 1 or any(v != 1 for v in chosen.values()):
        return [_("只能选择 1 个项目")]
    return []


CHECKS = {
    VotingMethod.APPROVAL: _approval,
    VotingMethod.KNAPSACK: _knapsack,
    VotingMethod.CUMULATIVE: _cumulative,
    VotingMethod.RANKED: _ranked,
    VotingMethod.CHOOSE_ONE: _choose_one,
}


def rules_in_words(limits: BallotLimits) -> list[str]:
    """The box's rules as the top of the ballot states them, before anyone can break them.
    Worded from the same limits `problems` enforces."""
    words = {
        VotingMethod.APPROVAL: _picks_words,
        VotingMethod.KNAPSACK: _knapsack_words,
        VotingMethod.CUMULATIVE: _points_words,
        VotingMethod.RANKED: _ranked_words,
        VotingMethod.CHOOSE_ONE: lambda _limits: [_("只能选 1 个项目。")],
    }
    return words[limits.method](limits)


def _picks_words(limits: BallotLimits) -> list[str]:
    low, high = limits.min_picks, limits.max_picks
    if high and low > 1:
        return [_("请选 {low} 到 {high} 个项目。").format(low=low, high=high)]
    if high:
        return [_("最多选 {n} 个项目。").format(n=high)]
    if low > 1:
        return [_("至少选 {n} 个项目，多选不限。").format(n=low)]
    return [_("想支持几个项目就选几个，多选不限。")]


def _knapsack_words(limits: BallotLimits) -> list[str]:
    words = _picks_words(limits) if limits.max_picks or limits.min_picks > 1 else []
    words.append(
        _("预算 {budget}：所选项目的费用加起来不能超过它。").format(budget=yuan(limits.budget_fen))
    )
    if limits.knapsack_min_share:
        minimum = limits.budget_fen * limits.knapsack_min_share // 100
        words.append(
            _("所选项目至少要用到预算的百分之 {n}（{money}）。").format(
                n=limits.knapsack_min_share, money=yuan(minimum)
            )
        )
    return words


def _points_words(limits: BallotLimits) -> list[str]:
    cap = limits.points_per_project or limits.points_total
    words = [
        _("您有 {total} 点，可以分给几个项目；每个项目最多 {cap} 点。").format(
            total=limits.points_total, cap=cap
        )
    ]
    if limits.max_picks:
        words.append(_("最多给 {n} 个项目分配点数。").format(n=limits.max_picks))
    return words


def _ranked_words(limits: BallotLimits) -> list[str]:
    words = []
    if limits.max_picks:
        words.append(_("最多排 {n} 个项目。").format(n=limits.max_picks))
    words.append(_("从第 1 名开始连续排，名次不能重复。"))
    if limits.min_picks > 1:
        words.append(_("至少排 {n} 个项目。").format(n=limits.min_picks))
    return words
