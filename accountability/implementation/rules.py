"""Implementation arithmetic and order, kept pure so the tests can state it exactly.

Money is integer fen throughout. The approved subsidy is finance's confirmed figure (财政核定)
once there is one, else what the tally granted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from accountability.implementation.models import MilestoneKind
from core import formatting
from core.i18n import gettext as _

ORDER = list(MilestoneKind)


def approved_fen(subsidy_fen: int, confirmed_fen: int | None) -> int:
    return subsidy_fen if confirmed_fen is None else confirmed_fen


@dataclass(frozen=True)
class Reported:
    """A milestone as the rules need it."""

    kind: MilestoneKind
    happened_on: dt.date
    progress_pct: int


def milestone_refusal(history: Sequence[Reported], new: Reported, today: dt.date) -> str | None:
    """Why this milestone cannot follow the ones reported so far, or None.

    开工 comes first and once; 完工 needs 开工 and means 100 %; 验收 needs 完工 and closes
    the project; progress never goes back and dates never run backwards or into the future.
    """
    kinds = {m.kind for m in history}
    latest = history[-1] if history else None
    if new.happened_on > today:
        return _("日期不能晚于今天")
    if latest and new.happened_on < latest.happened_on:
        return _("日期不能早于上一个节点（{day}）").format(day=latest.happened_on.isoformat())
    if MilestoneKind.ACCEPT in kinds:
        return _("项目已验收，不能再登记节点")
    if new.kind == MilestoneKind.START and MilestoneKind.START in kinds:
        return _("已经登记过开工")
    if new.kind != MilestoneKind.START and MilestoneKind.START not in kinds:
        return _("请先登记开工")
    if (
        new.kind in (MilestoneKind.PROGRESS, MilestoneKind.COMPLETE)
        and MilestoneKind.COMPLETE in kinds
    ):
        return _("已经完工，下一步是验收")
    if new.kind == MilestoneKind.ACCEPT and MilestoneKind.COMPLETE not in kinds:
        return _("完工后才能验收")
    if new.kind in (MilestoneKind.COMPLETE, MilestoneKind.ACCEPT) and new.progress_pct != 100:
        return _("完工和验收的进度应为 100％")
    if latest and new.progress_pct < latest.progress_pct:
        return _("进度不能低于上次登记的 {pct}％").format(pct=latest.progress_pct)
    return None


def spend_refusal(approved: int, recorded: int, amount: int) -> str | None:
    """Subsidy spend may not exceed the approved subsidy (recorded: all spend so far)."""
    if amount <= 0:
        return _("支出金额应大于 0")
    if recorded + amount > approved:
        return _("累计支出将超过核定奖补，最多还能登记 {left} 元").format(
            left=yuan(approved - recorded)
        )
    return None


def yuan(fen: int) -> str:
    """1,234.50 for messages that say 元 themselves."""
    return formatting.yuan(fen).removeprefix("¥")


@dataclass(frozen=True)
class Standing:
    """Where one funded project stands, for the progress page and the API."""

    progress_pct: int
    stage: MilestoneKind | None  # the latest milestone's kind; None: not started
    approved_fen: int
    spent_fen: int  # confirmed by finance
    pending_fen: int  # entered, awaiting finance
    planned_finish: dt.date | None
    overdue: bool

    @property
    def spent_pct(self) -> int:
        return spent_share(self.spent_fen, self.approved_fen)


def spent_share(spent: int, approved: int) -> int:
    """Whole percent, rounded down: 99.9 % spent is not shown as all spent."""
    return 0 if approved <= 0 else spent * 100 // approved


def is_overdue(planned_finish: dt.date | None, stage: MilestoneKind | None, today: dt.date) -> bool:
    """Past the planned finish and not yet complete (完工)."""
    finished = stage in (MilestoneKind.COMPLETE, MilestoneKind.ACCEPT)
    return planned_finish is not None and today > planned_finish and not finished
