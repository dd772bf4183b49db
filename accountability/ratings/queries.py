"""What the rating page, the proposal's page, the progress page and the API read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from accountability.implementation.models import Milestone, MilestoneKind
from accountability.ratings import rules
from accountability.ratings.models import ProjectRating
from core import charts
from core.clock import today
from core.i18n import gettext as _
from letters.masking import mask_text
from projects.models import Process, Proposal
from projects.rules import results_public


async def accepted_on(proposal_id: int) -> dt.date | None:
    """The day the project passed acceptance (验收), or None before it."""
    found = await Milestone.filter(proposal_id=proposal_id, kind=MilestoneKind.ACCEPT).first()
    return found.happened_on if found else None


@dataclass(frozen=True)
class Said:
    """A rating's comment as the public sees it: no rater, phone and ID numbers masked,
    a hidden comment only as the reason it was hidden."""

    id: int
    score: int
    comment: str
    hidden: bool
    hidden_reason: str
    created_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None

    @classmethod
    def of(cls, r: ProjectRating) -> Said:
        return cls(
            id=r.id,
            score=r.score,
            comment="" if r.comment_hidden else mask_text(r.comment),
            hidden=r.comment_hidden,
            hidden_reason=r.hidden_reason,
            created_at=r.created_at,
            answer=r.answer,
            answered_at=r.answered_at,
        )


@dataclass
class Board:
    """One project's ratings as everyone sees them: the figures, and the comments (hidden
    ones as a notice only) with the officials' answers."""

    figures: rules.Figures
    accepted_on: dt.date | None
    rated: list[ProjectRating] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return rules.window_refusal(self.accepted_on, today()) is None

    @property
    def last_day(self) -> dt.date | None:
        return rules.last_day(self.accepted_on) if self.accepted_on else None

    @property
    def chart(self) -> Markup:
        """The distribution as server-rendered SVG bars, each with its count and share."""
        bars = [
            charts.Bar(_("{n} 分").format(n=score), self.figures.by_score[score], "support")
            for score in rules.SCORES
        ]
        return charts.bar_chart(bars, title=_("评分分布"))

    @property
    def comments(self) -> list[Said]:
        """Ratings with something said: a comment (shown or hidden) or an answer."""
        return [Said.of(r) for r in self.rated if r.comment or r.answer]


async def board_of(proposal_id: int) -> Board:
    rated = await ProjectRating.filter(proposal_id=proposal_id).order_by("-id")
    return Board(
        figures=rules.figures(r.score for r in rated),
        accepted_on=await accepted_on(proposal_id),
        rated=list(rated),
    )


async def mine(proposal_id: int, user_id: int) -> ProjectRating | None:
    return await ProjectRating.get_or_none(proposal_id=proposal_id, user_id=user_id)


async def figures_of(proposal_ids: list[int]) -> dict[int, rules.Figures]:
    """The figures of many projects in one query (the progress page, the API)."""
    scores: defaultdict[int, list[int]] = defaultdict(list)
    rows = await ProjectRating.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "score"
    )
    for proposal_id, score in rows:
        scores[int(proposal_id)].append(int(score))
    return {pid: rules.figures(scores[pid]) for pid in proposal_ids}


async def proposal_ratings(proposal: Proposal, process: Process) -> dict[str, Any]:
    """The proposal page's ratings (a ``projects.hooks`` teller): only once it was accepted."""
    if not results_public(process):
        return {"ratings": None}
    board = await board_of(proposal.id)
    return {"ratings": board if board.accepted_on else None}
