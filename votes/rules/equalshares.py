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

add1 raises every voter's share one currency unit at a time, and a naive loop reruns MES at
each unit (Warsaw 2026: 254 runs; Toulouse 2022: thousands). Two things make it fast. Each
run is first tried in certified float intervals (:mod:`votes.rules.certified_shares`),
which answer only when every decision is settled and need no Fraction at all in large
elections; the exact run here decides whatever they leave open. And one float run can
cover a whole *span* of raises: prices fall and budgets rise with the share, so bounds
kept at both ends of the span hold across it, and a span whose decisions all settle buys
the same at every raise in it. add1 doubles its spans while they settle and halves them
where the outcome turns.

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
import numpy.typing as npt

from votes.rules.budget_classes import MARGIN, ZERO_CLASS, BudgetClasses, FloatArray
from votes.rules.certified_shares import CertifiedRun
from votes.rules.counting import count
from votes.rules.election import Election, IntArray
from votes.rules.greedy import fill, ranking, reject_ineligible, strength_words
from votes.rules.result import Reason, TallyResult
from votes.rules.supporters import Supporters
from votes.rules.verdicts import Verdicts

VERSION = "1"
TIE_BREAK = ("lower_affordability", "more_votes", "lower_cost", "file_order")


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
        cost = float(self.costs[project])
        return self._shadow_alpha(cost, shadow, utility, size)

    def affordability(self, project: int) -> Fraction | None:
        """Exact least α with Σ min(budget, α·utility) = cost; None if unaffordable.

        Only classes that may be unable to pay their equal part need exact budgets; the
        others enter through their weight alone, which is what keeps this fast. Classes
        clearly unable to pay enter through the exact sum of their money alone; only those
        near α in floats are water-filled one by one in exact arithmetic.
        """
        cost = int(self.costs[project])
        classes, utility, size = self._classes(project)
        shadow = self.classes.shadow[classes]
        ratio = shadow / utility
        hint = self._shadow_alpha(float(cost), shadow, utility, size)
        if hint is None:
            return None
        if hint == hint:
            alpha = self._settled(cost, hint, classes, utility, size, ratio)
            if alpha is not None:
                return alpha
        may_be_poor = np.ones(len(classes), bool) if hint != hint else ratio <= hint * (1 + 1e-6)
        rich_weight = int((utility * size)[~may_be_poor].sum())
        alpha = self._water_fill(
            cost, self._exact_groups(classes, utility, size, may_be_poor), rich_weight
        )
        if alpha is not None and rich_weight and float(alpha) > ratio[~may_be_poor].min():
            raise AssertionError("float screening of Equal Shares budgets was too optimistic")
        return alpha

    def _exact_groups(
        self, classes: IntArray, utility: IntArray, size: IntArray, chosen: npt.NDArray[np.bool_]
    ) -> list[tuple[Fraction, int, int]]:
        return [
            (self.classes.budget(k), u, m)
            for k, u, m in zip(
                classes[chosen].tolist(),
                utility[chosen].tolist(),
                size[chosen].tolist(),
                strict=True,
            )
        ]

    def _settled(
        self,
        cost: int,
        hint: float,
        classes: IntArray,
        utility: IntArray,
        size: IntArray,
        ratio: FloatArray,
    ) -> Fraction | None:
        """α when the float ``hint`` leaves only a few classes near it: the clearly poor pay
        their exact money, the clearly rich their weight, the rest are water-filled exactly.
        None when the result does not bear the split out (the caller then does it all)."""
        poor = ratio < hint * (1 - 1e-6)
        rich = ratio > hint * (1 + 1e-6)
        near = ~(poor | rich)
        by_denominator: dict[int, int] = {}
        for budget, _, members in self._exact_groups(classes, utility, size, poor):
            den = budget.denominator
            by_denominator[den] = by_denominator.get(den, 0) + budget.numerator * members
        paid = sum((Fraction(n, d) for d, n in by_denominator.items()), Fraction(0))
        if paid >= cost:
            return None
        rich_weight = int((utility * size)[rich].sum())
        alpha = self._water_fill(
            cost - paid, self._exact_groups(classes, utility, size, near), rich_weight
        )
        if alpha is None:
            return None
        bound = float(alpha)
        if (poor.any() and ratio[poor].max() >= bound) or (
            rich.any() and ratio[rich].min() <= bound
        ):
            return None
        return alpha

    @staticmethod
    def _water_fill(
        cost: int | Fraction, groups: list[tuple[Fraction, int, int]], rich_weight: int
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
        """Supporters pay α·utility each, or all they have."""
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        voters, utility = sup.voters[lo:hi], sup.utility[lo:hi]
        width = int(utility.max()) + 1
        keys = self.classes.of_voter[voters] * width + utility
        unique, inverse = np.unique(keys, return_inverse=True)
        utilities = unique % width
        price = {u: alpha * u for u in np.unique(utilities).tolist()}
        pays = [price[u] for u in utilities.tolist()]
        # float(Fraction) is slow: once per utility, not once per class.
        price_f = {u: float(pay) for u, pay in price.items()}
        pays_f = np.array([price_f[u] for u in utilities.tolist()], dtype=np.float64)
        moved = self.classes.spend(unique // width, pays, pays_f)
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
            del bound[winner]
            self.charge(winner, alpha)
            self.chosen.append(winner)
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


@dataclass
class _Runs:
    """Equal Shares runs of one election at any share: the certified float run
    (:mod:`votes.rules.certified_shares`) first, the exact run when it cannot settle a
    decision; ``exact_only`` for the plain reference loop."""

    election: Election
    candidates: list[int]
    tie_rank: dict[int, int]
    exact_only: bool = False

    def __post_init__(self) -> None:
        self.supporters = Supporters.of(self.election)

    def chosen(self, share: Fraction) -> list[int]:
        """The purchases at ``share``."""
        if not self.exact_only:
            quick = CertifiedRun(self.supporters, self.election.costs, share, self.tie_rank)
            chosen = quick.run(self.candidates)
            if chosen is not None:
                return chosen
        return EqualSharesRun(self.supporters, self.election.costs, share, self.tie_rank).run(
            self.candidates
        )

    def spanned(self, start: Fraction, span: int) -> list[int] | None:
        """What every share from ``start`` to ``start + span`` buys, if one float run over
        the span settles it; else None."""
        run = CertifiedRun(self.supporters, self.election.costs, start, self.tie_rank, span)
        return run.run(self.candidates)


def _mes_outcome(
    election: Election, verdicts: Verdicts, *, add1: bool, skip: bool = True
) -> list[int]:
    """MES, then for add1 the raises; ``skip=False`` runs every raise exactly (the plain
    loop, the reference the faster path is checked against)."""
    runs = _Runs(election, _candidates(verdicts), _tie_rank(verdicts), exact_only=not skip)
    if election.n_voters == 0:
        return []
    share = Fraction(election.budget, election.n_voters)
    step = 10**election.money_decimals  # one unit of the currency, per voter
    if not add1:
        return runs.chosen(share)
    if skip:
        return _add1_by_spans(election, runs, share, step)
    chosen = runs.chosen(share)
    while not _is_exhaustive(election, chosen, runs.candidates):
        share += step
        raised = runs.chosen(share)
        if _cost(election, raised) > election.budget:
            break
        chosen = raised
    return chosen


def _add1_by_spans(election: Election, runs: _Runs, share: Fraction, step: int) -> list[int]:
    """add1 over spans of raises: a float run over a span that settles every decision buys
    the same at every raise in it (see :mod:`votes.rules.certified_shares`), so spans
    double while they are settled and halve when not, down to single raises, which the
    exact run settles when floats cannot. Where spans keep failing (outcomes that change
    at nearly every raise) the next 1, 2, 4, … raises are run one by one first."""
    chosen = runs.chosen(share)
    done, width = 0, 1  # raises known; raises in the next span
    wait, pause = 0, 1  # single raises before the next span; the pause after a failure
    while not _is_exhaustive(election, chosen, runs.candidates):
        start = share + (done + 1) * step
        if width > 1:
            spanned = runs.spanned(start, (width - 1) * step)
            if spanned is None:
                width //= 2
                if width == 1:
                    wait, pause = pause, pause * 2
                continue
            raised, pause = spanned, 1
        else:
            raised = runs.chosen(start)
        # Every raise in the span buys ``raised``: the first one decides for all.
        if _cost(election, raised) > election.budget:
            break
        chosen, done = raised, done + width
        if width == 1 and wait:
            wait -= 1
        else:
            width *= 2
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
