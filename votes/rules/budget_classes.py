"""Voters' remaining money during Equal Shares, kept exact without paying for exactness.

Voters who supported the same bought projects, and paid the same for them, hold the same
budget: they form a *class*. A class created by a purchase records its parent class and what
each member paid, so its exact :class:`~fractions.Fraction` budget is only worked out when a
decision needs it (a voter who may be unable to pay, a near tie). A float *shadow* of every
budget ranks things quickly; it is recomputed from the exact value whenever a subtraction
cancels most of it, so its relative error stays far below :data:`MARGIN`.

Each class also carries the float *slope* of its budget: how fast it would grow were every
voter's share raised, the purchases staying as they were (1 for the untouched share, 0 for
voters who spent everything). ``equalshares/add1`` uses it to skip share increments that
cannot change the outcome.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from votes.rules.election import IntArray

FloatArray = npt.NDArray[np.float64]

# Floats only rank; anything closer than this relative margin is settled in exact Fractions.
MARGIN = 1e-9
# Re-anchor a shadow once it falls below this share of the value it was last exact at: the
# rounding error of ≤ a few hundred subtractions then stays below 1e-11 relative.
REANCHOR = 1e-3
ZERO_CLASS = 0  # voters who have spent everything
FIRST_CLASS = 1  # voters who have spent nothing yet


class BudgetClasses:
    def __init__(self, n_voters: int, share: Fraction) -> None:
        self.of_voter = np.full(n_voters, FIRST_CLASS, dtype=np.int64)
        self.parent = [ZERO_CLASS, FIRST_CLASS]
        self.paid = [Fraction(0), Fraction(0)]
        self.exact = {ZERO_CLASS: Fraction(0), FIRST_CLASS: share}
        self.shadow = np.zeros(64, dtype=np.float64)
        self.anchor = np.zeros(64, dtype=np.float64)
        self.shadow[FIRST_CLASS] = self.anchor[FIRST_CLASS] = float(share)
        self.slope = np.zeros(64, dtype=np.float64)
        self.slope[FIRST_CLASS] = 1.0
        self.count = 2

    def budget(self, klass: int) -> Fraction:
        """The exact budget of a class, worked out along its parents once and remembered."""
        chain = []
        while klass not in self.exact:
            chain.append(klass)
            klass = self.parent[klass]
        value = self.exact[klass]
        for child in reversed(chain):
            value = value - self.paid[child]
            self.exact[child] = value
        return value

    def _grow(self, extra: int) -> None:
        while self.count + extra > len(self.shadow):
            self.shadow = np.concatenate([self.shadow, np.zeros_like(self.shadow)])
            self.anchor = np.concatenate([self.anchor, np.zeros_like(self.anchor)])
            self.slope = np.concatenate([self.slope, np.zeros_like(self.slope)])

    def _can_pay_more(
        self, olds: IntArray, pays: list[Fraction], pays_f: FloatArray
    ) -> npt.NDArray[np.bool_]:
        """Which classes keep money after paying (strictly more budget than payment)."""
        budget_f = self.shadow[olds]
        richer = budget_f > pays_f * (1 + MARGIN)
        unsure = np.flatnonzero(~richer & (budget_f >= pays_f * (1 - MARGIN)))
        for at in unsure.tolist():
            richer[at] = self.budget(int(olds[at])) > pays[at]
        return richer

    def spend(
        self,
        olds: IntArray,
        pays: list[Fraction],
        pay_slopes: FloatArray | None = None,
        pays_f: FloatArray | None = None,
    ) -> IntArray:
        """Each class in ``olds`` pays min(budget, pay); return the class its voters move to.

        ``pay_slopes`` says how fast each payment would grow with the share (see above);
        ``pays_f`` are the payments as floats, when the caller has them.
        """
        if pays_f is None:
            pays_f = np.array([float(p) for p in pays], dtype=np.float64)
        keeps = self._can_pay_more(olds, pays, pays_f) & (pays_f > 0)
        moved = np.where(pays_f > 0, ZERO_CLASS, olds)
        rows = np.flatnonzero(keeps)
        self._grow(len(rows))
        ids = np.arange(self.count, self.count + len(rows), dtype=np.int64)
        self.count += len(rows)
        self.parent.extend(olds[rows].tolist())
        self.paid.extend(pays[at] for at in rows.tolist())
        self.shadow[ids] = self.shadow[olds[rows]] - pays_f[rows]
        self.anchor[ids] = self.anchor[olds[rows]]
        self.slope[ids] = self.slope[olds[rows]] - (0.0 if pay_slopes is None else pay_slopes[rows])
        for klass in ids[self.shadow[ids] < self.anchor[ids] * REANCHOR].tolist():
            self.shadow[klass] = self.anchor[klass] = float(self.budget(klass))
        moved[rows] = ids
        return moved
