"""What a tally is computed from: the projects, the money and the ballots (计票输入).

An :class:`Election` is plain data, frozen, with no database behind it, so that anyone holding
the published ballot file can rebuild it and recompute the result.

Ballots are stored in compressed sparse rows (CSR): voter ``v`` marked the projects
``project_idx[voter_ptr[v]:voter_ptr[v + 1]]`` (in the order written on the ballot, which is
the preference order for ordinal ballots), with ``points`` aligned to ``project_idx`` for
cumulative and scoring ballots. A million ballots are then three flat integer arrays that numpy
counts in milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from projects.meeting import YishiTerms

IntArray = npt.NDArray[np.int64]


class VoteType(StrEnum):
    """Ballot kinds, named as Pabulib names them."""

    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"

    @property
    def has_points(self) -> bool:
        return self in (VoteType.CUMULATIVE, VoteType.SCORING)


@dataclass(frozen=True)
class Threshold:
    """The least support a project needs before money is spent on it (得票门槛).

    ``min_score`` compares with the project's ranking strength (votes, or points for cumulative
    ballots), as Pabulib's ``min_project_score_threshold`` does; ``min_share`` compares the number
    of voters who marked the project with that share of all ballots cast.
    """

    min_score: int | None = None
    min_share: Fraction | None = None

    def __post_init__(self) -> None:
        if self.min_score is None and self.min_share is None:
            raise ValueError("a threshold needs min_score or min_share")
        if self.min_share is not None and not 0 <= self.min_share <= 1:
            raise ValueError("min_share must lie between 0 and 1")

    def is_met(self, *, score: int, votes: int, voters: int) -> bool:
        if self.min_score is not None and score < self.min_score:
            return False
        # Fractions keep "at least 10 % of the ballots" exact: 94 of 940 passes, 93 does not.
        return self.min_share is None or votes >= self.min_share * voters

    def describe(self) -> str:
        parts = []
        if self.min_score is not None:
            parts.append(f"≥{self.min_score}")
        if self.min_share is not None:
            parts.append(f"≥{self.min_share.numerator}/{self.min_share.denominator} 的投票人")
        return "，且".join(parts)


def _frozen_ints(values: Any, name: str) -> IntArray:
    array = np.ascontiguousarray(values, dtype=np.int64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Election:
    """Projects, budget and ballots of one ballot box (a process × heading).

    Money is integer: fen in Yishi, or units of ``10 ** -money_decimals`` of the file's
    currency for Pabulib files whose costs carry decimals. ``max_ballot_length`` is the ballot
    rule "rank up to k projects"; ordinal ballots give k points to a first choice, k - 1 to the
    second, and so on (Kraków's published scores). ``withdrawn`` projects were withdrawn after
    the vote: their votes still count, but no rule funds them or stops at them.
    """

    project_ids: tuple[str, ...]
    costs: IntArray
    budget: int
    voter_ptr: IntArray
    project_idx: IntArray
    vote_type: VoteType = VoteType.APPROVAL
    points: IntArray | None = None
    threshold: Threshold | None = None
    withdrawn: frozenset[str] = frozenset()
    max_ballot_length: int | None = None
    yishi: YishiTerms | None = None
    money_decimals: int = 0
    meta: Mapping[str, str] = field(default_factory=dict)
    # The sign the explanations write before money ("¥" in Yishi, so "剩余 ¥440,000.00"
    # reads as money like every other amount on the page); none for Pabulib files.
    currency: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "project_ids", tuple(self.project_ids))
        set_(self, "vote_type", VoteType(self.vote_type))
        set_(self, "costs", _frozen_ints(self.costs, "costs"))
        set_(self, "voter_ptr", _frozen_ints(self.voter_ptr, "voter_ptr"))
        set_(self, "project_idx", _frozen_ints(self.project_idx, "project_idx"))
        if self.points is not None:
            set_(self, "points", _frozen_ints(self.points, "points"))
        set_(self, "meta", MappingProxyType(dict(self.meta)))
        set_(self, "withdrawn", frozenset(self.withdrawn))
        self._check_shapes()

    def _check_shapes(self) -> None:
        n_projects = len(self.project_ids)
        if len(set(self.project_ids)) != n_projects:
            raise ValueError("project ids must be unique")
        if len(self.costs) != n_projects:
            raise ValueError("one cost per project")
        if self.budget < 0 or (n_projects and int(self.costs.min()) < 0):
            raise ValueError("costs and budget cannot be negative")
        ptr = self.voter_ptr
        if len(ptr) == 0 or ptr[0] != 0 or ptr[-1] != len(self.project_idx):
            raise ValueError("voter_ptr must start at 0 and end at len(project_idx)")
        if np.any(np.diff(ptr) < 0):
            raise ValueError("voter_ptr must not decrease")
        if len(self.project_idx) and (
            int(self.project_idx.min()) < 0 or int(self.project_idx.max()) >= n_projects
        ):
            raise ValueError("project_idx out of range")
        if self.vote_type.has_points != (self.points is not None):
            raise ValueError(f"{self.vote_type} ballots need points exactly when they carry them")
        if self.points is not None and len(self.points) != len(self.project_idx):
            raise ValueError("one point value per marked project")
        if not self.withdrawn <= set(self.project_ids):
            raise ValueError("withdrawn projects must be projects of the election")
        if self.yishi is not None and len(self.yishi.projects) != n_projects:
            raise ValueError("一事一议 terms must describe every project")
        if self.yishi is not None and len(self.yishi.voter_areas) not in (0, self.n_voters):
            raise ValueError("voter_areas must be empty or give one area per voter")

    @property
    def n_projects(self) -> int:
        return len(self.project_ids)

    @property
    def n_voters(self) -> int:
        return len(self.voter_ptr) - 1

    def ballot_lengths(self) -> IntArray:
        return np.diff(self.voter_ptr)

    def voter_of_mark(self) -> IntArray:
        """For every marked project in ``project_idx``, the voter who marked it."""
        return np.repeat(np.arange(self.n_voters, dtype=np.int64), self.ballot_lengths())

    def position_of_mark(self) -> IntArray:
        """0 for a ballot's first choice, 1 for its second, … (ordinal ballots)."""
        starts = np.repeat(self.voter_ptr[:-1], self.ballot_lengths())
        return np.arange(len(self.project_idx), dtype=np.int64) - starts


def ballots_to_csr(
    ballots: list[list[int]], points: list[list[int]] | None = None
) -> tuple[IntArray, IntArray, IntArray | None]:
    """Build the CSR arrays from per-voter lists (handy for tests and small imports)."""
    lengths = np.fromiter((len(b) for b in ballots), dtype=np.int64, count=len(ballots))
    voter_ptr = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(lengths, out=voter_ptr[1:])
    flat = [p for ballot in ballots for p in ballot]
    project_idx = np.array(flat, dtype=np.int64)
    if points is None:
        return voter_ptr, project_idx, None
    flat_points = [x for row in points for x in row]
    if len(flat_points) != len(flat):
        raise ValueError("points must align with ballots")
    return voter_ptr, project_idx, np.array(flat_points, dtype=np.int64)
