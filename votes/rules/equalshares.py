"""The Method of Equal Shares (均分法, equalshares.net), exact and fast.

Every voter gets an equal share of the budget. A project is bought when its supporters can
pay for it; the next project bought is the one they can pay for most cheaply per unit of
utility (the smallest affordability α: each supporter pays ``min(budget, α × utility)``).
Utilities are the project's cost for approval ballots (Pabulib's "cost utilities") and the
points given for cumulative ballots.

Exactness without slowness: voters with the same spending history hold the same budget, so
they are kept in *classes* (:mod:`votes.rules.budget_classes`) whose budgets are exact
:class:`~fractions.Fraction` values, worked out only when a decision needs them. A candidate
is evaluated over the classes of its own supporters (one ``bincount``); floats only rank the
candidates, and the winner's price, every near tie and every nearly unaffordable project are
settled exactly — a brute-force Fraction reference agrees on thousands of random elections.

Each add1 step is a full MES run, so add1 costs up to (largest cost − B/n) / unit runs:
0.6 s for Świecie 2023, 7 s for Warsaw 2026 (254 runs).

``equalshares/add1`` is Pabulib's completion, as pabutools computes it: rerun MES with every
voter's share raised by one currency unit at a time (budget + n per step), stop at the first
exhaustive outcome, or keep the last outcome that still fits once one overspends.
``equalshares/add1u`` (equalshares.net's "Add1U") then fills what is left greedily by votes.
Pabulib's own outcomes use add1 alone: Assen 2024 funds exactly the add1 outcome, while the
greedy fill would add project 7, which the city did not fund.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from votes.rules.budget_classes import MARGIN, ZERO_CLASS, BudgetClasses, FloatArray
from votes.rules.counting import count
from votes.rules.election import Election, IntArray, VoteType
from votes.rules.greedy import fill, ranking, reject_ineligible, strength_words
from votes.rules.result import Reason, TallyResult
from votes.rules.verdicts import Verdicts

VERSION = "1"
TIE_BREAK = ("lower_affordability", "more_votes", "lower_cost", "file_order")


@dataclass(frozen=True, eq=False)
class Supporters:
    """The ballots turned around: for project ``p``, its supporters are
    ``voters[ptr[p]:ptr[p + 1]]`` and ``utility`` says what the project is worth to each."""

    ptr: IntArray
    voters: IntArray
    utility: IntArray
    uniform: bool  # every supporter values the project alike (approval ballots)

    @classmethod
    def of(cls, election: Election) -> Supporters:
        if election.vote_type is VoteType.ORDINAL:
            raise ValueError("Equal Shares needs approval, choose-1, cumulative or scoring ballots")
        order = np.argsort(election.project_idx, kind="stable")
        per_project = np.bincount(election.project_idx, minlength=election.n_projects)
        ptr = np.zeros(election.n_projects + 1, dtype=np.int64)
        np.cumsum(per_project, out=ptr[1:])
        voters = election.voter_of_mark()[order]
        if election.points is None:
            utility = election.costs[election.project_idx[order]]
            return cls(ptr, voters, utility, uniform=True)
        return cls(ptr, voters, election.points[order], uniform=False)


@dataclass
class EqualSharesRun:
    """One run of MES with a given share per voter; ``chosen`` in order of purchase.

    Floats pick the likely winner; its price, every near tie and every nearly unaffordable
    project are computed exactly.
    """

    supporters: Supporters
    costs: IntArray
    share: Fraction
    tie_rank: dict[int, int]

    def __post_init__(self) -> None:
        n_voters = int(self.supporters.voters.max(initial=-1)) + 1
        self.classes = BudgetClasses(n_voters, self.share)
        self.chosen: list[int] = []

    def _classes(self, project: int) -> tuple[IntArray, IntArray, IntArray]:
        """Budget classes among the project's supporters with money: (class, utility, size)."""
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        classes = self.classes.of_voter[sup.voters[lo:hi]]
        if sup.uniform:
            sizes = np.bincount(classes, minlength=self.classes.count)
            present = np.flatnonzero(sizes)
            present = present[present != ZERO_CLASS]
            return present, np.full(len(present), int(sup.utility[lo])), sizes[present]
        width = int(sup.utility[lo:hi].max()) + 1
        keys, sizes = np.unique(classes * width + sup.utility[lo:hi], return_counts=True)
        keep = (keys // width != ZERO_CLASS) & (keys % width > 0)
        return keys[keep] // width, keys[keep] % width, sizes[keep]

    def _shadow_alpha(
        self, cost: float, budget: FloatArray, utility: IntArray, size: IntArray
    ) -> float | None:
        """Float affordability; None when surely unaffordable, nan when too close to call."""
        order = np.argsort(budget / utility)
        budget, utility, size = budget[order], utility[order], size[order]
        money = budget * size
        total = float(money.sum())
        if total < cost * (1 - MARGIN):
            return None
        if total < cost * (1 + MARGIN):
            return float("nan")
        weight = utility * size
        paid_before = np.cumsum(money) - money
        weight_from = float(weight.sum()) - (np.cumsum(weight) - weight)
        alpha = (cost - paid_before) / weight_from
        fits = np.flatnonzero(alpha * utility <= budget)
        return float(alpha[fits[0]] if len(fits) else alpha[-1])

    def estimate(self, project: int) -> float | None:
        classes, utility, size = self._classes(project)
        shadow = self.classes.shadow[classes]
        return self._shadow_alpha(float(self.costs[project]), shadow, utility, size)

    def affordability(self, project: int) -> Fraction | None:
        """Exact least α with Σ min(budget, α·utility) = cost; None if unaffordable.

        Only classes that may be unable to pay their equal part need exact budgets; the
        others enter through their weight alone, which is what keeps this fast.
        """
        cost = int(self.costs[project])
        classes, utility, size = self._classes(project)
        shadow = self.classes.shadow[classes]
        ratio = shadow / utility
        hint = self._shadow_alpha(float(cost), shadow, utility, size)
        if hint is None:
            return None
        may_be_poor = np.ones(len(classes), bool) if hint != hint else ratio <= hint * (1 + 1e-6)
        rich_weight = int((utility * size)[~may_be_poor].sum())
        alpha = self._water_fill(
            cost,
            [
                (self.classes.budget(k), u, m)
                for k, u, m in zip(
                    classes[may_be_poor].tolist(),
                    utility[may_be_poor].tolist(),
                    size[may_be_poor].tolist(),
                    strict=True,
                )
            ],
            rich_weight,
        )
        if alpha is not None and rich_weight and float(alpha) > ratio[~may_be_poor].min():
            raise AssertionError("float screening of Equal Shares budgets was too optimistic")
        return alpha

    @staticmethod
    def _water_fill(
        cost: int, groups: list[tuple[Fraction, int, int]], rich_weight: int
    ) -> Fraction | None:
        if not rich_weight and sum(budget * size for budget, _, size in groups) < cost:
            return None
        groups.sort(key=lambda g: g[0] / g[1])
        paid, weight = Fraction(0), rich_weight + sum(u * size for _, u, size in groups)
        for budget, utility, size in groups:
            alpha = (cost - paid) / weight
            if alpha * utility <= budget:
                return alpha
            # This class cannot pay its equal part: it pays all it has, the others share the rest.
            paid += budget * size
            weight -= utility * size
        return (cost - paid) / weight if weight else None

    def charge(self, project: int, alpha: Fraction) -> None:
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        voters, utility = sup.voters[lo:hi], sup.utility[lo:hi]
        width = int(utility.max()) + 1
        keys = self.classes.of_voter[voters] * width + utility
        unique, inverse = np.unique(keys, return_inverse=True)
        price = {u: alpha * u for u in np.unique(unique % width).tolist()}
        pays = [price[u] for u in (unique % width).tolist()]
        moved = self.classes.spend(unique // width, pays)
        self.classes.of_voter[voters] = moved[inverse.ravel()]

    def _pick(self, bound: dict[int, float]) -> tuple[int, Fraction] | None:
        """The next project to buy and its exact α, pruning unaffordable ones from ``bound``."""
        best = float("inf")
        near: list[int] = []
        for p in sorted(bound, key=lambda q: (bound[q], self.tie_rank[q])):
            if bound[p] > best * (1 + MARGIN):
                break  # α only grows, so last round's α already rules p out
            alpha = self.estimate(p)
            if alpha is None:
                del bound[p]
                continue
            if alpha != alpha:  # money behind it too close to its cost for floats
                exact = self.affordability(p)
                if exact is None:
                    del bound[p]
                    continue
                alpha = float(exact)
            bound[p] = alpha
            if alpha < best:
                best, near = alpha, [q for q in near if bound[q] <= alpha * (1 + MARGIN)]
            if alpha <= best * (1 + MARGIN):
                near.append(p)
        # Near ties are decided in exact arithmetic, then by the declared tie-break.
        priced = [
            (a, self.tie_rank[p], p) for p in near if (a := self.affordability(p)) is not None
        ]
        if not priced:
            return None
        price, _, winner = min(priced)
        return winner, price

    def run(self, candidates: list[int]) -> list[int]:
        bound: dict[int, float] = {}
        for p in candidates:
            first = self._first_bound(p)
            if first is not None:
                bound[p] = first
        while bound:
            picked = self._pick(bound)
            if picked is None:
                break
            winner, alpha = picked
            self.charge(winner, alpha)
            self.chosen.append(winner)
            del bound[winner]
        return self.chosen

    def _first_bound(self, project: int) -> float | None:
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        weight = int(sup.utility[lo:hi].sum())
        return int(self.costs[project]) / weight if weight else None


def _candidates(verdicts: Verdicts) -> list[int]:
    election = verdicts.election
    return [
        p
        for p in range(election.n_projects)
        if not verdicts.is_decided(p) and int(election.costs[p]) > 0
    ]


def _tie_rank(verdicts: Verdicts) -> dict[int, int]:
    counts, costs = verdicts.counts, verdicts.election.costs
    order = np.lexsort((np.arange(len(costs)), costs, -counts.votes))
    return {int(p): rank for rank, p in enumerate(order)}


def _fund_free(verdicts: Verdicts) -> None:
    for p in range(verdicts.election.n_projects):
        if not verdicts.is_decided(p) and int(verdicts.election.costs[p]) == 0:
            verdicts.fund(p, Reason.FUNDED, "不需要资金，支持者均可负担")


def _cost(election: Election, chosen: list[int]) -> int:
    return sum(int(election.costs[p]) for p in chosen)


def _is_exhaustive(election: Election, chosen: list[int], candidates: list[int]) -> bool:
    left = election.budget - _cost(election, chosen)
    taken = set(chosen)
    return all(int(election.costs[p]) > left for p in candidates if p not in taken)


def _mes_outcome(election: Election, verdicts: Verdicts, *, add1: bool) -> list[int]:
    supporters = Supporters.of(election)
    candidates = _candidates(verdicts)
    tie_rank = _tie_rank(verdicts)
    if election.n_voters == 0:
        return []
    share = Fraction(election.budget, election.n_voters)
    step = 10**election.money_decimals  # one unit of the currency, per voter
    chosen = EqualSharesRun(supporters, election.costs, share, tie_rank).run(candidates)
    while add1 and not _is_exhaustive(election, chosen, candidates):
        share += step
        raised = EqualSharesRun(supporters, election.costs, share, tie_rank).run(candidates)
        if _cost(election, raised) > election.budget:
            break
        chosen = raised
    return chosen


def _record(verdicts: Verdicts, chosen: list[int]) -> int:
    election = verdicts.election
    remaining = election.budget
    for p in chosen:
        remaining -= int(election.costs[p])
        words = f"{strength_words(verdicts, p)}，支持者的均分预算足以负担，入选后剩余"
        verdicts.fund(p, Reason.FUNDED, f"{words} {verdicts.money(remaining)}")
    return remaining


def _equal_shares(
    election: Election, rule: str, *, add1: bool, utilitarian_fill: bool = False
) -> TallyResult:
    counts = count(election)
    verdicts = Verdicts(election, counts)
    reject_ineligible(verdicts)
    _fund_free(verdicts)
    remaining = _record(verdicts, _mes_outcome(election, verdicts, add1=add1))
    if utilitarian_fill:
        fill(verdicts, ranking(counts), remaining, reason=Reason.FUNDED_BY_COMPLETION)
    for p in range(election.n_projects):
        if not verdicts.is_decided(p):
            verdicts.reject(
                p, Reason.SUPPORTERS_SHORT, "支持者剩余的均分预算不足以负担该项目", remaining
            )
    return verdicts.result(rule, VERSION, TIE_BREAK)


def equal_shares(election: Election) -> TallyResult:
    """均分法：每位投票人分得相同的预算份额，由支持者共同负担项目，不作补足。"""
    return _equal_shares(election, "equalshares", add1=False)


def equal_shares_add1(election: Election) -> TallyResult:
    """均分法 + add1：逐步提高每人份额（每次一元），直至结果超出预算，取最后可行的结果。"""
    return _equal_shares(election, "equalshares/add1", add1=True)


def equal_shares_add1u(election: Election) -> TallyResult:
    """均分法 + add1，剩余资金再按得票从高到低补足（equalshares.net 的 Add1U）。"""
    return _equal_shares(election, "equalshares/add1u", add1=True, utilitarian_fill=True)
