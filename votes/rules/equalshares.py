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
each unit (Warsaw 2026: 254 runs; Toulouse 2022: thousands). Three things make it fast.

Each run is first tried in certified float intervals (:mod:`votes.rules.certified_shares`),
which answer only when every decision is settled and need no Fraction at all in large
elections; the exact run here decides whatever they leave open.

One float run can cover a whole *span* of raises: prices fall and budgets rise with the
share, so bounds kept at both ends of the span hold across it, and a span whose decisions
all settle buys the same at every raise in it.

An exact run can work out its *reach*: how far the share may rise before any decision it
made could turn. Every quantity a decision compares — the winner's price with its
supporters split into those who pay all they have and those who pay their part, each rival's
price, each unaffordable project's shortfall — is an affine function of the raise as long as
the earlier decisions stand, and each rival's price is bounded below by one (whichever
supporters are counted as paying all they have). So the run records each comparison's value
and slope (floats, with generous safety margins; anything close is a reach of zero), and
add1 skips every raise below the reach. It follows prices that move together (near ties
that a span cannot hold apart) but ends wherever a class of voters turns between paying all
they have and paying their part, which spans do not mind.

``equalshares/add1`` is Pabulib's completion, as pabutools computes it: rerun MES with every
voter's share raised by one currency unit at a time (budget + n per step), stop at the first
exhaustive outcome, or keep the last outcome that still fits once one overspends.
``equalshares/add1u`` (equalshares.net's "Add1U") then fills what is left greedily by votes.
Pabulib's own outcomes use add1 alone: Assen 2024 funds exactly the add1 outcome, while the
greedy fill would add project 7, which the city did not fund.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
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

# The reach trusts floats only where a comparison is clear by this relative margin ...
CLEAR = 1e-7
# ... and lets each slope be wrong by this share of the slopes it came from.
SLOPE_SLACK = 1e-6
# add1 stops this far short of the reach (the floats' last word is never taken at face value).
SAFETY = 1 - 1e-4


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
    # add1's step: the run works out its reach while that is at least one step (a shorter
    # reach skips nothing). None: a plain run.
    raise_step: int | None = None

    def __post_init__(self) -> None:
        n_voters = int(self.supporters.voters.max(initial=-1)) + 1
        self.classes = BudgetClasses(n_voters, self.share)
        self.chosen: list[int] = []
        # How far the share may rise with every decision of this run standing (see above).
        self.reach = math.inf
        # Per candidate, its price bounded below as value + slope × raise, and the slope's scale.
        self.lower: dict[int, tuple[float, float, float]] = {}
        self.tied: set[int] = set()  # rivals exactly as cheap as the last winner

    @property
    def track_reach(self) -> bool:
        return self.raise_step is not None and self.reach >= self.raise_step

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
        alpha = self._shadow_alpha(cost, shadow, utility, size)
        if not self.track_reach:
            return alpha
        if alpha is None:  # must stay unaffordable: its supporters' money below its cost
            slope = self.classes.slope[classes] * size
            money = float((shadow * size).sum())
            self._hold(cost - money, -float(slope.sum()), cost, float(np.abs(slope).sum()))
        elif alpha != alpha:
            self.reach = 0.0
        else:
            self.lower[project] = self._price_bound(cost, alpha, classes, utility, size)
        return alpha

    def _price_bound(
        self, cost: float, alpha: float, classes: IntArray, utility: IntArray, size: IntArray
    ) -> tuple[float, float, float]:
        """The price as value + slope × raise, counting those who cannot pay α·utility as
        paying all they have: exact now, and never above the price while the run stands."""
        shadow, slope = self.classes.shadow[classes], self.classes.slope[classes]
        poor = shadow < alpha * utility
        weight = float((utility * size)[~poor].sum())
        if weight <= 0:
            return -math.inf, 0.0, 0.0
        value = (cost - float((shadow * size)[poor].sum())) / weight
        drift = (slope * size)[poor]
        return value, -float(drift.sum()) / weight, float(np.abs(drift).sum()) / weight

    def _hold(self, value: float, slope: float, scale: float, slope_scale: float) -> None:
        """A comparison that is positive now must stay so: the reach ends where
        value + slope × raise could reach zero."""
        if not value > CLEAR * scale:  # too close to call (or nan): no raise is safe
            self.reach = 0.0
            return
        falling = SLOPE_SLACK * slope_scale - slope
        if falling > 0:
            self.reach = min(self.reach, value / falling)

    def _hold_all(
        self, values: FloatArray, slopes: FloatArray, scales: FloatArray, slope_scales: FloatArray
    ) -> None:
        """:meth:`_hold` for many comparisons at once."""
        if not len(values):
            return
        if not bool(np.all(values > CLEAR * scales)):
            self.reach = 0.0
            return
        falling = SLOPE_SLACK * slope_scales - slopes
        ahead = falling > 0
        if ahead.any():
            self.reach = min(self.reach, float((values[ahead] / falling[ahead]).min()))

    def _hold_purchase(self, winner: int, alpha: Fraction, rivals: dict[int, float]) -> float:
        """Limit the reach by the purchase of ``winner`` at ``alpha``; return α's slope."""
        classes, utility, size = self._classes(winner)
        shadow, slope = self.classes.shadow[classes], self.classes.slope[classes]
        price = float(alpha)
        poor = shadow < price * utility
        weight = float((utility * size)[~poor].sum())
        if weight <= 0:
            self.reach = 0.0
            return 0.0
        rise = -float((slope * size)[poor].sum()) / weight
        rise_scale = float((np.abs(slope) * size)[poor].sum()) / weight
        # Who pays all they have and who pays their part stays as it is.
        part = price * utility
        values = np.where(poor, part - shadow, shadow - part)
        slopes = np.where(poor, rise * utility - slope, slope - rise * utility)
        scales = part + shadow
        slope_scales = np.abs(slope) + abs(rise) * utility
        self._hold_all(values, slopes, scales, slope_scales)
        # Every rival stays dearer (its bound from the last time it was priced), or as dear
        # when the tie-break chose the winner: two prices that both stay put stay tied.
        for p in rivals:
            value, bound_slope, bound_scale = self.lower[p]
            if p in self.tied:
                if not (bound_slope == 0.0 and rise == 0.0):
                    self.reach = 0.0
                continue
            self._hold(value - price, bound_slope - rise, price, bound_scale + rise_scale)
        return rise

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

    def charge(self, project: int, alpha: Fraction, rise: float = 0.0) -> None:
        """Supporters pay α·utility each, or all they have; ``rise`` is α's slope."""
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        voters, utility = sup.voters[lo:hi], sup.utility[lo:hi]
        width = int(utility.max()) + 1
        keys = self.classes.of_voter[voters] * width + utility
        unique, inverse = np.unique(keys, return_inverse=True)
        utilities = unique % width
        # A set, not np.unique: without flags numpy 2 takes a hashing path that imports
        # numpy.ma, milliseconds of every ``yishi pb tally`` process.
        price = {u: alpha * u for u in set(utilities.tolist())}
        pays = [price[u] for u in utilities.tolist()]
        # float(Fraction) is slow: once per utility, not once per class.
        price_f = {u: float(pay) for u, pay in price.items()}
        pays_f = np.array([price_f[u] for u in utilities.tolist()], dtype=np.float64)
        moved = self.classes.spend(unique // width, pays, rise * utilities, pays_f)
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
                if self.track_reach:
                    self.lower[p] = (float(exact), 0.0, math.inf)
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
        self.tied = {p for a, _, p in priced if a == price and p != winner}
        return winner, price

    def run(self, candidates: list[int]) -> list[int]:
        bound: dict[int, float] = {}
        for p in candidates:
            first = self._first_bound(p)
            if first is not None:
                bound[p] = first
                self.lower[p] = (first, 0.0, 0.0)  # all supporters pay their part: constant
        while bound:
            picked = self._pick(bound)
            if picked is None:
                break
            winner, alpha = picked
            del bound[winner]
            rise = self._hold_purchase(winner, alpha, bound) if self.track_reach else 0.0
            self.charge(winner, alpha, rise)
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


def _raises(reach: float, step: int) -> int:
    """How many units of ``step`` to raise the share by: past every raise that, below the
    run's reach, would buy the same projects again."""
    if not math.isfinite(reach):
        return 1  # nothing bounds it (no candidate left that money could buy): as add1 did
    return max(1, math.ceil(reach * SAFETY / step))


class _Raiser:
    """Which add1 runs work out their reach. The reach costs a run about a quarter more, and
    in large elections some supporters are always close to paying all they have, so a reach
    often skips nothing; after a run whose reach skipped nothing the next 1, 2, 4, … runs
    just take one step, which bounds the cost where skipping does not pay and keeps it where
    it does."""

    def __init__(self, step: int, skip: bool) -> None:
        self.step, self.skip = step, skip
        self.wait, self.pause = 0, 1

    def step_for_run(self) -> int | None:
        return self.step if self.skip and self.wait == 0 else None

    def raises_after(self, reach: float | None) -> int:
        """``reach``: the run's, or None when it did not work one out."""
        if reach is None:
            self.wait = max(0, self.wait - 1)
            return 1
        raises = _raises(reach, self.step)
        if raises == 1:
            self.wait, self.pause = self.pause, self.pause * 2
        else:
            self.pause = 1
        return raises


@dataclass
class _Runs:
    """Equal Shares runs of one election at any share: the certified float run
    (:mod:`votes.rules.certified_shares`) first, the exact run when it cannot settle a
    decision or when the run must work out its reach; ``exact_only`` for the plain
    reference loop."""

    election: Election
    candidates: list[int]
    tie_rank: dict[int, int]
    exact_only: bool = False

    def __post_init__(self) -> None:
        self.supporters = Supporters.of(self.election)

    def chosen(
        self, share: Fraction, raise_step: int | None = None
    ) -> tuple[list[int], float | None]:
        """The purchases at ``share``, and the run's reach if ``raise_step`` asked for one."""
        if raise_step is None and not self.exact_only:
            quick = CertifiedRun(self.supporters, self.election.costs, share, self.tie_rank)
            chosen = quick.run(self.candidates)
            if chosen is not None:
                return chosen, None
        run = EqualSharesRun(self.supporters, self.election.costs, share, self.tie_rank, raise_step)
        chosen = run.run(self.candidates)
        return chosen, None if raise_step is None else run.reach

    def span_run(self, start: Fraction, span: int) -> CertifiedRun:
        """A float run over the shares ``start`` to ``start + span``, not yet run."""
        return CertifiedRun(self.supporters, self.election.costs, start, self.tie_rank, span)


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
        return runs.chosen(share)[0]
    if skip:
        return _Add1(election, runs, share, step).outcome()
    chosen, _ = runs.chosen(share)
    while not _is_exhaustive(election, chosen, runs.candidates):
        share += step
        raised, _ = runs.chosen(share)
        if _cost(election, raised) > election.budget:
            break
        chosen = raised
    return chosen


class _Add1:
    """add1 without running every raise from scratch, two ways, each where it pays.

    *Spans, narrowed*: a float run over a span of raises that settles every decision buys
    the same at every raise in it (:mod:`votes.rules.certified_shares`). One that cannot
    settle a decision has still settled every earlier one over the whole span, so each
    half of the span goes on from there (:meth:`CertifiedRun.narrowed`) instead of
    starting again: neighbouring raises share most of their first decisions, and only the
    halves where the outcome turns are split further, down to single raises. Spans double
    after each one done.

    *Reach*: a single raise that floats cannot settle is run exactly, and may work out its
    reach (see above), which skips every raise below it; :class:`_Raiser` asks for it
    while it pays."""

    # The widest span tried at once: past it, a span's first decisions rarely hold.
    WIDEST = 256

    def __init__(self, election: Election, runs: _Runs, share: Fraction, step: int) -> None:
        self.election, self.runs, self.share, self.step = election, runs, share, step
        self.raiser = _Raiser(step, skip=True)
        self.done = 0  # raises known to buy what the last outcome buys

    def outcome(self) -> list[int]:
        election = self.election
        chosen, reach = self.runs.chosen(self.share, self.raiser.step_for_run())
        self.done = self.raiser.raises_after(reach) - 1
        width = 1  # raises in the next span
        while not _is_exhaustive(election, chosen, self.runs.candidates):
            skipped = 0  # raises the last reach skipped
            for last, raised in self._outcomes(self.done + 1, self.done + width):
                if _cost(election, raised) > election.budget:
                    return chosen
                chosen, skipped, self.done = raised, last - self.done, last
                if _is_exhaustive(election, chosen, self.runs.candidates):
                    return chosen
            if width > 1 or skipped == 1:  # single raises while the reach pays
                width = min(2 * width, self.WIDEST)
        return chosen

    def _at(self, raises: int) -> Fraction:
        return self.share + raises * self.step

    def _outcomes(self, first: int, last: int) -> Iterator[tuple[int, list[int]]]:
        """What raises ``first`` … ``last`` buy, in order, as (the last raise known to buy
        it, the projects); a raise at or below ``self.done`` is known already."""
        runs, step = self.runs, self.step
        if first == last:  # a single raise: floats, or the exact run when its reach pays
            raised, reach = runs.chosen(self._at(first), self.raiser.step_for_run())
            yield first + self.raiser.raises_after(reach) - 1, raised
            return
        # (the run whose settled decisions a part of the span starts from, the part)
        stack: list[tuple[CertifiedRun | None, int, int]] = [(None, first, last)]
        while stack:
            wider, low, high = stack.pop()
            if high <= self.done:
                continue
            low = max(low, self.done + 1)
            start, span = self._at(low), (high - low) * step
            if wider is None:
                run: CertifiedRun | None = runs.span_run(start, span)
                settled = run is not None and run.run(runs.candidates) is not None
            else:
                run = wider.inherited(start, span)
                settled = run.advance()
                if not settled and len(run.chosen) == len(wider.chosen):
                    run = wider.narrowed(start, span)
                    settled = run is not None and run.advance()
            if settled and run is not None:
                yield high, run.chosen
            elif low == high:
                # A fresh float run first: it often settles what the halves' could not.
                raised, reach = runs.chosen(start, self.raiser.step_for_run())
                yield low + self.raiser.raises_after(reach) - 1, raised
            else:
                mid = (low + high) // 2
                stack += [(run, mid + 1, high), (run, low, mid)]  # the lower half first


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
