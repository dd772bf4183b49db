"""The rating window and the figures of a project's ratings, kept pure so tests state them.

A project may be rated from the day of its acceptance (the 验收 milestone's date, China's
calendar) for ``RATING_DAYS`` days: accepted on 1 March, the last day to rate is 30 March.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.formatting import date_cn
from core.i18n import N_
from core.i18n import gettext as _

RATING_DAYS = 30
SCORES = (5, 4, 3, 2, 1)  # shown best first, as the bars read
SCORE_LABELS = {
    5: N_("很满意"),
    4: N_("满意"),
    3: N_("一般"),
    2: N_("不满意"),
    1: N_("很不满意"),
}


def last_day(accepted_on: dt.date) -> dt.date:
    return accepted_on + dt.timedelta(days=RATING_DAYS - 1)


def window_refusal(accepted_on: dt.date | None, day: dt.date) -> str | None:
    """Why the project cannot be rated on ``day``, or None while its window is open."""
    if accepted_on is None or day < accepted_on:
        return _("项目通过验收后才能评价")
    if day > last_day(accepted_on):
        return _("评价已于 {date} 截止（验收后 {n} 天内可评价）").format(
            date=date_cn(last_day(accepted_on)), n=RATING_DAYS
        )
    return None


@dataclass(frozen=True)
class Figures:
    """How residents rated one project: count, average and how many gave each score."""

    count: int
    total: int
    by_score: dict[int, int]

    @property
    def average(self) -> str:
        """To one decimal, rounded half up (4.25 → 4.3), with integers only: no float."""
        if not self.count:
            return "—"
        tenths = (self.total * 20 + self.count) // (self.count * 2)
        return f"{tenths // 10}.{tenths % 10}"

    def share(self, score: int) -> int:
        """Whole percent of the ratings that gave ``score``, for the width of its bar."""
        return self.by_score[score] * 100 // self.count if self.count else 0


def figures(scores: Iterable[int]) -> Figures:
    by_score = dict.fromkeys(SCORES, 0)
    for score in scores:
        by_score[score] += 1
    return Figures(
        count=sum(by_score.values()),
        total=sum(s * n for s, n in by_score.items()),
        by_score=by_score,
    )
