"""What the progress page, the proposal's story and the desk show: read-only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q

from accountability.implementation import rules
from accountability.implementation.labels import MILESTONE_KINDS
from accountability.implementation.models import Milestone, Spend, WorkPlan
from core.clock import today
from core.principal import Principal, governed_scope
from projects.models import Phase, Process, Proposal
from projects.rules import results_public
from votes.models import Award
from votes.results.queries import awards_of


@dataclass
class ProgressRow:
    award: Award  # with proposal, its area and the area's parent
    standing: rules.Standing
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def proposal(self) -> Proposal:
        return self.award.proposal

    @property
    def village(self) -> str:
        return str(self.proposal.area.name)

    @property
    def township(self) -> str:
        parent = self.proposal.area.parent
        return str(parent.name) if parent else self.village


@dataclass
class Totals:
    """Sums over a set of rows: a village, or the whole process."""

    name: str  # "街道 · 村" for a village (two townships may have a village of one name)
    projects: int = 0
    completed: int = 0
    overdue: int = 0
    approved_fen: int = 0
    spent_fen: int = 0
    pending_fen: int = 0
    township: str = ""  # for a village: the township it belongs to, shown under its name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix(f"{self.township} · ") if self.township else self.name

    def add(self, standing: rules.Standing) -> None:
        self.projects += 1
        self.completed += standing.progress_pct == 100
        self.overdue += standing.overdue
        self.approved_fen += standing.approved_fen
        self.spent_fen += standing.spent_fen
        self.pending_fen += standing.pending_fen

    @property
    def spent_pct(self) -> int:
        return rules.spent_share(self.spent_fen, self.approved_fen)


@dataclass
class ProgressReport:
    rows: list[ProgressRow]
    villages: list[Totals] = field(default_factory=list)
    total: Totals = field(default_factory=lambda: Totals(name=""))


def standing(
    award: Award,
    milestones: list[Milestone],
    spends: list[Spend],
    plan: WorkPlan | None,
    day: dt.date,
) -> rules.Standing:
    latest = milestones[-1] if milestones else None
    stage = latest.kind if latest else None
    planned_finish = plan.planned_finish if plan else None
    return rules.Standing(
        progress_pct=latest.progress_pct if latest else 0,
        stage=stage,
        approved_fen=rules.approved_fen(award.subsidy_fen, award.confirmed_fen),
        spent_fen=sum(s.amount_fen for s in spends if s.confirmed_at is not None),
        pending_fen=sum(s.amount_fen for s in spends if s.confirmed_at is None),
        planned_finish=planned_finish,
        overdue=rules.is_overdue(planned_finish, stage, day),
    )


async def _by_proposal(
    ids: list[int],
) -> tuple[dict[int, list[Milestone]], dict[int, list[Spend]], dict[int, WorkPlan]]:
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in await Milestone.filter(proposal_id__in=ids).order_by("happened_on", "id"):
        milestones[m.proposal_id].append(m)
    spends: dict[int, list[Spend]] = defaultdict(list)
    for s in await Spend.filter(proposal_id__in=ids):
        spends[s.proposal_id].append(s)
    plans = {p.proposal_id: p for p in await WorkPlan.filter(proposal_id__in=ids)}
    return milestones, spends, plans


async def progress_rows(awards: Iterable[Award]) -> list[ProgressRow]:
    awards = list(awards)
    ids = [a.proposal_id for a in awards]
    milestones, spends, plans = await _by_proposal(ids)
    day = today()
    return [
        ProgressRow(
            award=a,
            milestones=milestones[a.proposal_id],
            standing=standing(
                a,
                milestones[a.proposal_id],
                spends[a.proposal_id],
                plans.get(a.proposal_id),
                day,
            ),
        )
        for a in awards
    ]


def progress_public(process: Process) -> bool:
    """Implementation progress is published once the process is funded (立项)."""
    order = list(Phase)
    return order.index(process.phase) >= order.index(Phase.FUNDED)


async def process_progress(process: Process) -> ProgressReport:
    """Every funded project of the process with its standing, per village and in total."""
    rows = await progress_rows(await awards_of(process))
    villages: dict[str, Totals] = {}
    report = ProgressReport(rows=rows)
    for row in rows:
        key = f"{row.township} · {row.village}" if row.township != row.village else row.village
        township = row.township if row.township != row.village else ""
        villages.setdefault(key, Totals(name=key, township=township)).add(row.standing)
        report.total.add(row.standing)
    report.villages = list(villages.values())
    return report


@dataclass
class Story:
    """Everything after the vote, for one proposal's page."""

    award: Award
    standing: rules.Standing
    milestones: list[Milestone]
    spends: list[Spend]
    plan: WorkPlan | None


async def story_of(proposal: Proposal) -> Story | None:
    award = await Award.get_or_none(proposal=proposal)
    if award is None:
        return None
    milestones = await Milestone.filter(proposal=proposal).prefetch_related("files")
    spends = await Spend.filter(proposal=proposal)
    plan = await WorkPlan.get_or_none(proposal=proposal)
    return Story(
        award=award,
        milestones=list(milestones),
        spends=list(spends),
        plan=plan,
        standing=standing(award, list(milestones), list(spends), plan, today()),
    )


async def desk_rows(user: Principal) -> list[ProgressRow]:
    """Funded projects still being carried out in the areas this person governs."""
    query = Award.filter(proposal__process__phase__in=[Phase.FUNDED, Phase.IMPLEMENTING])
    scope = governed_scope(user, lambda path: Q(proposal__area__path__startswith=path))
    query = query.filter(scope)
    awards = await query.select_related(
        "proposal", "proposal__area", "proposal__area__parent", "proposal__process"
    )
    awards = sorted(awards, key=lambda a: (a.proposal.process_id, a.proposal.area.path))
    return await progress_rows(awards)


async def spends_of(process: Process) -> list[Spend]:
    """Spend entered for the process's projects, awaiting finance first."""
    spends = await Spend.filter(proposal__process=process).select_related(
        "proposal", "proposal__area"
    )
    return sorted(spends, key=lambda s: (s.confirmed_at is not None, s.spent_on, s.id))


async def spend_total(proposal: Proposal) -> int:
    """All spend entered for the project, confirmed or not: what a new cap must still cover."""
    amounts = await Spend.filter(proposal=proposal).values_list("amount_fen", flat=True)
    return sum(int(a) for a in amounts)  # type: ignore[call-overload]


async def proposal_story(proposal: Proposal, process: Process) -> dict[str, Any]:
    """The proposal page's account of what followed the vote (a ``projects.hooks`` teller);
    nothing before the results are public."""
    story = await story_of(proposal) if results_public(process) else None
    return {"story": story, "milestone_kinds": MILESTONE_KINDS}
