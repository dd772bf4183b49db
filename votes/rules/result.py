"""What a tally returns: who won, who lost and why (计票结果)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Machine codes for why a project won or lost; the Chinese text goes with them."""

    FUNDED = "funded"
    FUNDED_BY_COMPLETION = "funded_by_completion"
    DID_NOT_FIT = "did_not_fit"
    STOPPED_AT_FIRST_UNFIT = "stopped_at_first_unfit"
    BELOW_THRESHOLD = "below_threshold"
    NO_VOTES = "no_votes"
    WITHDRAWN = "withdrawn"
    SUPPORTERS_SHORT = "supporters_short"
    NO_MEETING_DECISION = "no_meeting_decision"
    BELOW_AREA_SHARE = "below_area_share"


@dataclass(frozen=True)
class ProjectOutcome:
    """One project's line in the result.

    ``remaining`` is the money left when a project that did not fit was considered; ``subsidy``
    is the 一事一议 award it was (or would have been) granted.
    """

    project_id: str
    cost: int
    votes: int
    score: int | None
    selected: bool
    reason: Reason
    explanation: str
    remaining: int | None = None
    subsidy: int | None = None


@dataclass(frozen=True)
class TallyResult:
    rule: str
    rule_version: str
    budget: int
    spent: int
    selected: tuple[str, ...]  # in the order the rule chose them
    projects: tuple[ProjectOutcome, ...]  # in the election's project order
    tie_break: tuple[str, ...]
    input_hash: str
    money_decimals: int = 0

    def outcome(self, project_id: str) -> ProjectOutcome:
        for outcome in self.projects:
            if outcome.project_id == project_id:
                return outcome
        raise KeyError(project_id)


TIE_BREAK_WORDS = {
    "lower_affordability": "支持者每人负担越少者优先（均分法）",
    "more_points": "积分多者优先",
    "more_votes": "得票多者优先",
    "lower_cost": "金额低者优先",
    "file_order": "按项目在选票文件中的先后顺序",
}


def describe_tie_break(keys: tuple[str, ...]) -> str:
    return "；相同时".join(TIE_BREAK_WORDS[key] for key in keys)


def format_money(amount: int, decimals: int = 0, currency: str = "") -> str:
    """12345678 with 2 decimals → "123,456.78", or "¥123,456.78" with the currency sign
    (integer arithmetic, never float)."""
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**decimals)
    text = f"{whole:,}"
    if decimals:
        text += f".{part:0{decimals}d}"
    return sign + currency + text
