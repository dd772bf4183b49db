"""Who supports each project, and what it is worth to them: the ballots turned around, as
every Equal Shares run reads them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from votes.rules.election import Election, IntArray, VoteType


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
