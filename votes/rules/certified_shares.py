"""One run of the Method of Equal Shares in floats, every decision certified (浮点快算).

Each budget class holds an interval ``[low, high]`` that surely contains its exact budget.
Prices are monotone in the money: a project's α worked out from the high ends is a lower
bound on its exact α, from the low ends an upper bound; after a purchase a class keeps
``max(0, budget − α·utility)``, which rises with its budget and falls with α, so the new
interval follows from the old ones and the winner's α interval. Every float step widens
the interval by a bound on its own rounding.

A decision is taken only when the intervals settle it: the winner's highest possible α
below every rival's lowest (or equal, with the rival after it in the tie-break), a project
surely affordable or surely not. Otherwise the run answers ``None`` and the caller runs the
exact method (:class:`votes.rules.equalshares.EqualSharesRun`), so an answer buys exactly
what the exact run buys. Exact ties (common in small elections) always end that way; in
real elections with thousands of voters the margins are wide and no Fraction is needed.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from votes.rules.election import IntArray
from votes.rules.supporters import Supporters

FloatArray = npt.NDArray[np.float64]

# Relative rounding allowance per operation chain (float64's unit is 1.1e-16; sums over a
# few hundred thousand terms stay far below this).
PAD = 1e-11
EPS = 2.3e-16
ZERO_CLASS, FIRST_CLASS = 0, 1


class Unsure(Exception):
    """Floats cannot settle a decision: the exact run must."""


class CertifiedRun:
    """MES at one share, in float intervals; :meth:`run` returns the purchases or None."""

    def __init__(
        self,
        supporters: Supporters,
        costs: IntArray,
        share: Fraction,
        tie_rank: dict[int, int],
        span: Fraction | int = 0,
    ) -> None:
        self.supporters, self.costs, self.tie_rank = supporters, costs, tie_rank
        self.share, self.span = share, Fraction(span)
        n_voters = int(supporters.voters.max(initial=-1)) + 1
        self.of_voter = np.full(n_voters, FIRST_CLASS, dtype=np.int64)
        # Row 0: the bounds at ``share``, row 1: at ``share + span``; in between, each bound
        # is the straight line joining them (see the module's docstring).
        self.low = np.zeros((2, 64), dtype=np.float64)
        self.high = np.zeros((2, 64), dtype=np.float64)
        # float(Fraction) is correctly rounded: within one unit in the last place.
        ends = np.array([float(share), float(share + span)])
        self.point = not span  # both ends the same: work each out once
        self.low[:, FIRST_CLASS], self.high[:, FIRST_CLASS] = ends * (1 - PAD), ends * (1 + PAD)
        self.count = 2
        self.chosen: list[int] = []
        # Per candidate left, a lower bound on its α over the whole span.
        self.bound: dict[int, float] = {}
        # What each project's α was last worked out from: (cost, class, utility, size).
        self.groups: dict[int, tuple[int, IntArray, IntArray, IntArray]] = {}
        # Whether every supporter surely pays their part: then α is exactly cost / weight.
        self.all_pay_part: dict[int, bool] = {}
        # Per project priced this round: lower bounds on α, one straight line per way of
        # counting who pays all they have (2 × k: the value at each end of the span) ...
        self.lines: dict[int, FloatArray] = {}
        # ... and an upper bound at each end (α's upper bound is convex in the raise).
        self.upper: dict[int, FloatArray] = {}
        # Room to mark classes in (_distinct) and say where each moves to (_charge).
        self.scratch = np.zeros(64, dtype=np.int64)

    def run(self, candidates: list[int]) -> list[int] | None:
        sup = self.supporters
        for p in candidates:
            lo, hi = int(sup.ptr[p]), int(sup.ptr[p + 1])
            weight = int(sup.utility[lo:hi].sum())
            if weight:  # α ≥ cost / weight: nobody pays more than their part
                self.bound[p] = int(self.costs[p]) / weight * (1 - PAD)
        return self.chosen if self.advance() else None

    def advance(self) -> bool:
        """Decide on until the run ends (True) or floats cannot settle a decision (False).

        On False the run stands just before that decision, every earlier one certified
        over the whole span: :meth:`narrowed` carries them into a part of the span."""
        bound = self.bound
        try:
            while bound:
                picked = self._pick(bound)
                if picked is None:
                    break
                winner, alpha_low, alpha_high = picked  # at both ends of the span
                del bound[winner]
                self._charge(winner, alpha_low, alpha_high)
                self.chosen.append(winner)
        except Unsure:
            return False
        bound.clear()
        return True

    def inherited(self, share: Fraction, span: Fraction | int) -> CertifiedRun:
        """A run over the shares ``share`` to ``share + span`` inside this run's span that
        has made this run's decisions so far, for free: each bound is its line's value at
        the new ends, pushed out by the rounding of that step. They are the wider span's
        bounds, looser than :meth:`narrowed`'s where a class turns inside it."""
        narrow = CertifiedRun(self.supporters, self.costs, share, self.tie_rank, span)
        narrow.count = self.count
        narrow.of_voter = self.of_voter.copy()
        narrow.chosen = list(self.chosen)
        narrow.bound = dict(self.bound)  # lower bounds over the wider span: they still hold
        wide = self.span or 1  # a single share narrows only to itself
        ends = (share - self.share) / wide, (share + span - self.share) / wide
        at = np.array([float(end) for end in ends])
        narrow.low = _at(self.low[:, : self.count], at, -1.0)
        narrow.high = np.maximum(_at(self.high[:, : self.count], at, 1.0), 0.0)
        return narrow

    def narrowed(self, share: Fraction, span: Fraction | int) -> CertifiedRun | None:
        """A run over the shares ``share`` to ``share + span`` inside this run's span that
        has made this run's decisions so far (every one certified over the whole span):
        it replays them, pricing each winner alone at the new ends (no rival is priced
        again) and charging its supporters; None if floats cannot price one of them there.

        Neighbouring raises share most of their first decisions; this is what lets a span
        that cannot settle everything hand what it settled to each of its halves."""
        narrow = CertifiedRun(self.supporters, self.costs, share, self.tie_rank, span)
        try:
            for winner in self.chosen:
                if narrow._interval(winner) is None:
                    return None
                narrow._charge(winner, *narrow._winner_bounds(winner))
                narrow.chosen.append(winner)
        except Unsure:
            return None
        narrow.bound = dict(self.bound)  # lower bounds over the wider span: they still hold
        return narrow

    @property
    def rows(self) -> int:
        """Rows of the bounds worked out: both ends of a span, one for a single share."""
        return 1 if self.point else 2

    def _classes(self, project: int) -> tuple[IntArray, IntArray, IntArray]:
        """Classes among the project's supporters that may have money: (class, utility, size)."""
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        classes = self.of_voter[sup.voters[lo:hi]]
        if sup.uniform:
            if self.count > 4 * len(classes):
                # Nearly a class per voter: counting them costs more than listing each voter
                # on its own (the prices do not mind a class listed twice).
                present = classes[classes != ZERO_CLASS]
                return present, np.full(len(present), int(sup.utility[lo])), np.ones_like(present)
            present, sizes = self._tally(classes)
            keep = present != ZERO_CLASS
            return present[keep], np.full(int(keep.sum()), int(sup.utility[lo])), sizes[keep]
        width = int(sup.utility[lo:hi].max()) + 1
        keys, sizes = np.unique(classes * width + sup.utility[lo:hi], return_counts=True)
        keep = (keys // width != ZERO_CLASS) & (keys % width > 0)
        return keys[keep] // width, keys[keep] % width, sizes[keep]

    def _tally(self, classes: IntArray) -> tuple[IntArray, IntArray]:
        """The distinct classes and how many of ``classes`` are in each, in class order:
        counted over all classes while they are few, sorted once they outnumber the voters
        at hand (after many purchases nearly every voter has a class of their own)."""
        if self.count <= 4 * len(classes):
            sizes = np.bincount(classes, minlength=self.count)
            present = np.flatnonzero(sizes)
            return present, sizes[present]
        present, sizes = np.unique(classes, return_counts=True)
        return present, sizes

    def _interval(self, project: int, ceiling: float = math.inf) -> tuple[float, float] | None:
        """Bounds on the project's α over the whole span: (least, most); None when surely
        unaffordable; Unsure when maybe. Keeps the lines and ends for :meth:`_pick`.

        A project whose least α is above ``ceiling`` (the best upper bound so far) cannot
        come first: its upper bound and whether it is affordable at all are not needed
        (most is inf), only its least α, a lower bound while the run goes on."""
        if self.supporters.uniform:
            return self._approval_interval(project, ceiling)
        cost = float(self.costs[project])
        classes, utility, size = self._classes(project)
        if not len(classes):
            return None
        self.groups[project] = (int(self.costs[project]), classes, utility, size)
        rows = self.rows
        high, low = self.high[:rows, classes], self.low[:rows, classes]
        slack = (len(classes) + 2) * EPS
        # Money is a straight line in the raise: its ends settle it over the whole span.
        if float((high @ size).max()) * (1 + slack) < cost:
            return None
        if self.supporters.uniform:  # one utility: budgets alone give the order
            order = np.argsort(high[0])
            high, low, size = high[:, order], low[:, order], size[order]
        else:
            order = np.argsort(high[0] / utility)
            high, low, utility, size = high[:, order], low[:, order], utility[order], size[order]
        weight_from = _weight_from(utility, size)
        lines = _lower_lines(cost, high, size, weight_from)
        self.lines[project] = lines
        least = max(0.0, float(lines.min(axis=0).max()))
        if least > ceiling:
            self.all_pay_part[project] = False
            self.upper[project] = np.full(2, math.inf)
            return least, math.inf
        if float((low @ size).min()) * (1 - slack) < cost * (1 + PAD):
            raise Unsure
        most = [_upper(cost, low[end], utility, size, weight_from) for end in range(rows)]
        upper = np.array(most * 2 if self.point else most)
        pays = upper[:rows, None] * utility
        self.all_pay_part[project] = bool(np.all(low >= pays * (1 + PAD)))
        self.upper[project] = upper
        return least, float(upper.max())

    def _approval_interval(self, project: int, ceiling: float) -> tuple[float, float] | None:
        """:meth:`_interval` when every supporter values the project alike (approval): the
        same bounds, with the utility a number rather than an array and both ends of the
        span taken together, about half the numpy calls (a priced project is ~40 µs of
        calls on ~30 classes in Toulouse, so the calls are its cost)."""
        sup = self.supporters
        lo = int(sup.ptr[project])
        cost_int, utility = int(self.costs[project]), int(sup.utility[lo])
        cost = float(cost_int)
        classes, size = self._approval_classes(lo, int(sup.ptr[project + 1]))
        k = len(classes)
        if not k:
            return None
        rows = self.rows
        order = np.argsort(self.high[0, classes])  # one utility: budgets alone give the order
        classes, size = classes[order], size[order]
        self.groups[project] = (cost_int, classes, np.full(k, utility), size)
        high = self.high[:rows, classes]
        slack = (k + 2) * EPS
        money = high * size
        paid_before = np.cumsum(money, axis=1)
        # Money is a straight line in the raise: its ends settle it over the whole span.
        if float(paid_before[:, -1].max()) * (1 + slack) < cost:
            return None
        paid_before -= money
        # Weights summed in integers, exact (as _weight_from).
        counted = np.cumsum(size)
        weight_from = (utility * (int(counted[-1]) - counted + size)).astype(np.float64)
        error = (k + 4) * 4 * EPS  # as _lower_lines
        lines = ((1 - error) * cost - (1 + error) * paid_before) / weight_from
        lines *= 1 - PAD
        self.lines[project] = lines
        least = max(0.0, float((lines[0] if rows == 1 else lines.min(axis=0)).max()))
        if least > ceiling:
            self.all_pay_part[project] = False
            self.upper[project] = np.full(2, math.inf)
            return least, math.inf
        low = self.low[:rows, classes]
        money = low * size
        paid_low = np.cumsum(money, axis=1)
        if float(paid_low[:, -1].min()) * (1 - slack) < cost * (1 + PAD):
            raise Unsure
        paid_low -= money
        # _upper at both ends at once, in the high ends' order; checked by paying it.
        alpha = (cost - paid_low + error * (cost + np.abs(paid_low))) / weight_from
        most = alpha.max(axis=1) * (1 + PAD)
        pays = most[:, None] * utility
        if not bool(np.all(np.minimum(low, pays) @ size * (1 - slack) >= cost)):
            utilities = np.full(k, utility)
            most = np.array(
                [_upper(cost, low[end], utilities, size, weight_from) for end in range(rows)]
            )
            pays = most[:, None] * utility
        self.upper[project] = np.array([most[0], most[0]]) if self.point else most
        self.all_pay_part[project] = bool(np.all(low >= pays * (1 + PAD)))
        return least, float(most.max())

    def _approval_classes(self, lo: int, hi: int) -> tuple[IntArray, IntArray]:
        """:meth:`_classes` for approval ballots: (class, size), classes with money only."""
        classes = self.of_voter[self.supporters.voters[lo:hi]]
        if self.count > 4 * len(classes):
            # Classes outnumber these voters: a bincount over every class costs more than
            # counting them at the place of each one's mark (_distinct's).
            self._room()
            places = np.arange(len(classes))
            self.scratch[classes] = places
            sizes = np.bincount(self.scratch[classes], minlength=len(classes))
            present = np.flatnonzero(sizes)
            present = present[classes[present] != ZERO_CLASS]
            return classes[present], sizes[present]
        sizes = np.bincount(classes, minlength=self.count)
        sizes[ZERO_CLASS] = 0
        present = np.flatnonzero(sizes)
        return present, sizes[present]

    def _pick(self, bound: dict[int, float]) -> tuple[int, FloatArray, FloatArray] | None:
        """The winner and its α interval, certified against every rival; ``bound`` keeps a
        lower bound on each rival's α (α only grows as the run goes on)."""
        best = math.inf
        priced: list[tuple[float, int, int, float]] = []
        # Any order of equal bounds prices the same projects (all up to the break).
        for p in sorted(bound, key=bound.__getitem__):
            if bound[p] > best:
                break  # every rival from here on costs more than the best's highest α
            interval = self._interval(p, best)
            if interval is None:
                del bound[p]
                continue
            least, most = interval
            bound[p] = least
            priced.append((most, self.tie_rank[p], p, least))
            best = min(best, most)
        if not priced:
            return None
        # The cheapest by its upper bound, unless an exact tie puts a rival first.
        for most, _, winner, _ in sorted(priced)[:3]:
            if most < math.inf and all(
                # A rival whose least α is above the winner's highest at both ends is after
                # it by the line that gave that least (as _before would find), without a call.
                p == winner or least > float(self.upper[winner].max()) or self._before(winner, p)
                for _, _, p, least in priced
            ):
                return winner, *self._winner_bounds(winner)
        raise Unsure

    def _winner_bounds(self, winner: int) -> tuple[FloatArray, FloatArray]:
        """The winner's α bounded below (a line) and above (at each end) over the span."""
        lines = self.lines[winner]
        return lines[:, int(np.argmax(lines.sum(axis=0)))], self.upper[winner]

    def _before(self, winner: int, rival: int) -> bool:
        """Whether ``winner`` surely comes before ``rival`` at every share of the span."""
        upper = self.upper[winner]
        separated = np.all(self.lines[rival] > upper[:, None], axis=0)
        return bool(np.any(separated)) or self._exactly_before(winner, rival)

    def _exactly_before(self, winner: int, rival: int) -> bool:
        """Whether ``winner`` surely comes before ``rival``, their prices being exact
        fractions (everyone pays their part: cost / weight, ties common in approval
        elections, where that is 1 / supporters) or exactly equal (:meth:`_alike`)."""
        if self.all_pay_part[winner] and self.all_pay_part[rival]:
            mine, theirs = self._exact_price(winner), self._exact_price(rival)
            return mine < theirs or (
                mine == theirs and self.tie_rank[winner] < self.tie_rank[rival]
            )
        return self.tie_rank[winner] < self.tie_rank[rival] and self._alike(winner, rival)

    def _exact_price(self, project: int) -> Fraction:
        cost, _, utility, size = self.groups[project]
        return Fraction(cost, int((utility * size).sum()))

    def _alike(self, winner: int, rival: int) -> bool:
        """Whether two projects cost the same and are backed by the same money alike, so
        that their prices are exactly equal and the tie-break decides (it often does:
        projects sharing every supporter, or voted for by identical ballots)."""
        one, other = self.groups[winner], self.groups[rival]
        return one[0] == other[0] and all(
            np.array_equal(a, b) for a, b in zip(one[1:], other[1:], strict=True)
        )

    def _charge(self, project: int, alpha_low: FloatArray, alpha_high: FloatArray) -> None:
        """Supporters pay α·utility each or all they have; those left with money form new
        classes (one per old class and utility), the rest join the class with nothing."""
        sup = self.supporters
        lo, hi = int(sup.ptr[project]), int(sup.ptr[project + 1])
        voters, utility = sup.voters[lo:hi], sup.utility[lo:hi]
        if sup.uniform:  # one utility: the old class alone says where a voter goes
            classes = self.of_voter[voters]
            self._room()
            if self.count <= 4 * len(classes):  # few classes, many voters: count them
                olds = np.flatnonzero(np.bincount(classes, minlength=self.count))
            else:
                olds = self._distinct(classes)
            moved = self._pay(olds, float(utility[0]), alpha_low, alpha_high)
            self.scratch[olds] = moved
            self.of_voter[voters] = self.scratch[classes]
            return
        width = int(utility.max()) + 1
        keys = self.of_voter[voters] * width + utility
        unique, inverse = np.unique(keys, return_inverse=True)
        olds, utilities = unique // width, (unique % width).astype(np.float64)
        moved = self._pay(olds, utilities, alpha_low, alpha_high)
        self.of_voter[voters] = moved[inverse.ravel()]

    def _room(self) -> None:
        """A scratch array with a place for every class."""
        if len(self.scratch) < self.count:
            self.scratch = np.zeros(self.low.shape[1], dtype=np.int64)

    def _distinct(self, classes: IntArray) -> IntArray:
        """The distinct classes among ``classes``, in no particular order: each class is
        marked in a scratch array with one of the places it stands at (numpy does not say
        which, when a class stands twice; any will do) and kept at that place alone. Fewer
        and cheaper calls than ``np.unique``, once classes outnumber the voters at hand."""
        places = np.arange(len(classes))
        self.scratch[classes] = places
        return classes[self.scratch[classes] == places]

    def _pay(
        self,
        olds: IntArray,
        utilities: FloatArray | float,
        alpha_low: FloatArray,
        alpha_high: FloatArray,
    ) -> IntArray:
        """Each class in ``olds`` pays for its ``utilities``; return the class it moves to.

        What is left, max(0, budget − α·utility), is bounded below by the straight line
        budget's low line − α's upper chord × utility (negative, possibly: a bound only), and
        above by the chord of max(0, budget's high line − α's low line × utility), a convex
        function: both are straight lines in the raise, given by their ends."""
        rows = self.rows  # a single share: one row, written to both
        low, high = self.low[:rows, olds], self.high[:rows, olds]
        pay_most = alpha_high[:rows, None] * utilities
        pay_least = alpha_low[:rows, None] * utilities
        new_low = low - pay_most - 2 * EPS * (np.abs(low) + pay_most)
        new_high = np.maximum(high - pay_least + 2 * EPS * (high + pay_least), 0.0)
        keeps = np.any(new_high > 0, axis=0) & (olds != ZERO_CLASS) & (utilities > 0)
        moved = np.where(utilities > 0, ZERO_CLASS, olds)
        kept = np.flatnonzero(keeps)
        self._grow(len(kept))
        ids = np.arange(self.count, self.count + len(kept), dtype=np.int64)
        self.count += len(kept)
        self.low[:, ids] = new_low[:, kept]
        self.high[:, ids] = new_high[:, kept]
        moved[kept] = ids
        return moved

    def _grow(self, extra: int) -> None:
        while self.count + extra > self.low.shape[1]:
            self.low = np.concatenate([self.low, np.zeros_like(self.low)], axis=1)
            self.high = np.concatenate([self.high, np.zeros_like(self.high)], axis=1)


def _at(bounds: FloatArray, at: FloatArray, side: float) -> FloatArray:
    """The lines through ``bounds`` (row 0 at 0, row 1 at 1) at ``at``, moved by ``side``
    (−1 down, +1 up) past the rounding of the interpolation (``at`` itself within a unit
    in the last place), with room for the classes yet to come."""
    start, end = bounds[0], bounds[1]
    values = start[None, :] + at[:, None] * (end - start)[None, :]
    values += side * 8 * EPS * (np.abs(start) + np.abs(end))[None, :]
    grown = np.zeros((2, max(64, 2 * bounds.shape[1])), dtype=np.float64)
    grown[:, : bounds.shape[1]] = values
    return grown


def _weight_from(utility: IntArray, size: IntArray) -> FloatArray:
    """Per class (in the order given), the weight of it and every class after it: summed
    in integers, exact."""
    weight = utility * size
    return (int(weight.sum()) - (np.cumsum(weight) - weight)).astype(np.float64)


def _lower_lines(
    cost: float, high: FloatArray, size: IntArray, weight_from: FloatArray
) -> FloatArray:
    """Lower bounds on α, one per prefix of the classes (in order of budget per utility):
    counting a prefix as paying all they have, (cost − their money) / (everyone else's
    weight) never exceeds α, and equals it for the prefix that truly cannot pay α·utility.
    With the high lines of the budgets each is a straight line in the raise, valid over
    the whole span: returned as its two ends (2 × k), pushed down by the rounding."""
    money = high * size
    paid_before = np.cumsum(money, axis=1) - money  # ≥ 0: the high ends are never negative
    # The subtraction may cancel: its error is bounded by the magnitudes it came from,
    # (k + 4)·4·EPS of cost + paid, taken off both terms at once.
    error = (money.shape[1] + 4) * 4 * EPS
    alpha = ((1 - error) * cost - (1 + error) * paid_before) / weight_from
    return alpha * (1 - PAD)


def _upper(
    cost: float, low: FloatArray, utility: IntArray, size: IntArray, weight_from: FloatArray
) -> float:
    """An upper bound on α from the low ends of the budgets: the least α at which they pay
    the cost (water-filled as the largest prefix value, in their own order), checked by
    paying it, not assumed."""
    slack = (len(low) + 2) * EPS
    for attempt in (0, 1):
        if attempt:  # the order given was not the low ends' own
            order = np.argsort(low / utility)
            low, utility, size = low[order], utility[order], size[order]
            weight_from = _weight_from(utility, size)
        money = low * size
        paid_before = np.cumsum(money) - money
        alpha = (cost - paid_before) / weight_from
        error = (len(money) + 4) * 4 * EPS * (cost + np.abs(paid_before)) / weight_from
        most = float((alpha + error).max()) * (1 + PAD)
        if float(np.minimum(low, most * utility) @ size) * (1 - slack) >= cost:
            return most
    raise Unsure
