"""Counting ballots into per-project votes and points (唱票), vectorised with numpy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from votes.rules.election import Election, IntArray, VoteType


@dataclass(frozen=True, eq=False)
class Counts:
    """``votes``: ballots that marked the project; ``score``: points, where ballots carry them."""

    votes: IntArray
    score: IntArray | None

    @property
    def strength(self) -> IntArray:
        """What greedy rules rank by: points where the ballots give points, else votes."""
        return self.votes if self.score is None else self.score


def _sum_per_project(election: Election, weights: IntArray) -> IntArray:
    # bincount sums in float64, exact below 2**53: far above any real tally, checked anyway.
    sums = np.bincount(election.project_idx, weights=weights, minlength=election.n_projects)
    if len(sums) and float(sums.max()) >= 2.0**53:
        raise OverflowError("point totals too large to count exactly")
    return sums.astype(np.int64)


def ordinal_points(election: Election) -> IntArray:
    """Points per mark on ranked ballots: k for a first choice, k - 1 for the second, …"""
    lengths = election.ballot_lengths()
    longest = int(lengths.max()) if len(lengths) else 0
    k = election.max_ballot_length or longest
    return np.maximum(k - election.position_of_mark(), 0)


def count(election: Election) -> Counts:
    votes = np.bincount(election.project_idx, minlength=election.n_projects).astype(np.int64)
    if election.points is not None:
        return Counts(votes, _sum_per_project(election, election.points))
    if election.vote_type is VoteType.ORDINAL:
        return Counts(votes, _sum_per_project(election, ordinal_points(election)))
    return Counts(votes, None)
