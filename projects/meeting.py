"""一事一议 inputs: the village-meeting decision and the subsidy policy.

The quorum and majority follow the 村民委员会组织法 (art. 22): a 村民会议 needs more than half of
the adult villagers, or representatives of two thirds of the households (三分之二以上的户的代表);
its decision needs more than half of those present (到会人员的过半数). Chinese statutes count
"以上" inclusively (民法典 art. 1259), so exactly two thirds of the households is a quorum,
while exactly half of the villagers is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from fractions import Fraction


class MeetingKind(StrEnum):
    VILLAGERS = "villagers"  # 村民会议：本村十八周岁以上村民
    HOUSEHOLDS = "households"  # 户代表会议：每户派代表


@dataclass(frozen=True)
class MeetingRecord:
    """The minutes' numbers of the meeting that decided a project (村民会议决议)."""

    kind: MeetingKind
    eligible: int
    present: int
    in_favour: int

    def __post_init__(self) -> None:
        if not 0 <= self.in_favour <= self.present <= self.eligible:
            raise ValueError("need 0 ≤ in_favour ≤ present ≤ eligible")

    def has_quorum(self) -> bool:
        if self.kind is MeetingKind.VILLAGERS:
            return 2 * self.present > self.eligible
        return 3 * self.present >= 2 * self.eligible

    def passed(self) -> bool:
        return 2 * self.in_favour > self.present

    def problem(self) -> str | None:
        """Why the decision is not valid, in words for the public result page; None if valid."""
        if not self.has_quorum():
            rule = "过半数村民" if self.kind is MeetingKind.VILLAGERS else "三分之二以上户代表"
            return f"到会 {self.present}/{self.eligible} 人，未达到{rule}到会的法定人数"
        if not self.passed():
            return f"赞成 {self.in_favour}/{self.present} 人，未获到会人员过半数同意"
        return None


@dataclass(frozen=True)
class YishiProject:
    """A proposal's 一事一议 facts; money in integer fen."""

    area: str
    requested: int  # 申请奖补
    reviewed_cost: int  # 核定投资
    meeting: MeetingRecord | None

    def __post_init__(self) -> None:
        if self.requested < 0 or self.reviewed_cost < 0:
            raise ValueError("money cannot be negative")


@dataclass(frozen=True)
class SubsidyPolicy:
    """奖补政策: subsidy = min(requested, cap, ratio × reviewed cost), in whole fen."""

    ratio: Decimal
    cap: int | None = None
    min_area_share: Fraction | None = None

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.ratio <= Decimal(1):
            raise ValueError("ratio must lie between 0 and 1")
        if self.cap is not None and self.cap < 0:
            raise ValueError("cap cannot be negative")

    def subsidy(self, project: YishiProject) -> int:
        # Rounded down: public money never pays a fraction of a fen more than the policy says.
        by_ratio = int((self.ratio * project.reviewed_cost).to_integral_value(ROUND_FLOOR))
        amounts = [project.requested, by_ratio]
        if self.cap is not None:
            amounts.append(self.cap)
        return min(amounts)


@dataclass(frozen=True)
class YishiTerms:
    """Everything the 一事一议 rule needs beyond the ballots.

    ``projects`` aligns with ``Election.project_ids``; ``voter_areas`` gives each ballot's
    village/community (only needed when ``policy.min_area_share`` is set).
    """

    projects: tuple[YishiProject, ...]
    policy: SubsidyPolicy
    voter_areas: tuple[str, ...] = ()
