"""The dashboard of one scope (区, 街道 or 村) and one year: what every view shows.

One computation for the page, the XLSX and the open-data API. Everything comes from the
kept figures (``insight.figures``) except what is small or changes with the calendar: the
processes and their pools, the areas, and the projects now past their planned finish.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tortoise import connections

from core.clock import china_date, today
from core.models import Area
from insight import satisfaction
from insight.figures import Scoped, Sums, processes_of, scoped
from insight.published import Turnout, turnout
from projects.models import Category, Heading, Phase, PhaseLog, Process

# Turnout is public once voting has closed; staff see the live count while it runs.
VOTED = {Phase.TALLYING, Phase.PUBLICITY, Phase.FUNDED, Phase.IMPLEMENTING, Phase.CLOSED}
CATEGORIES = [c.value for c in Category]


def percent(part: int, whole: int) -> Decimal | None:
    """A share in percent to one decimal, exact (never a float); None when nothing counted."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Participation:
    proposals: int
    supports: int
    comments: int
    turnouts: list[Turnout]


@dataclass(frozen=True)
class Money:
    pool_fen: int
    awarded_fen: int
    confirmed_fen: int
    disbursed_fen: int
    population: int
    by_category: list[tuple[str, int, int, int]]  # category, awarded, confirmed, disbursed

    @property
    def per_resident_fen(self) -> int | None:
        return self.awarded_fen // self.population if self.population else None


@dataclass(frozen=True)
class Delivery:
    funded: int
    accepted: int
    late_accepted: int
    overdue_open: int  # funded, not accepted, past the planned finish
    average_days: Decimal | None

    @property
    def on_time(self) -> int:
        return self.accepted - self.late_accepted


@dataclass(frozen=True)
class Satisfaction:
    letters_timed: int
    letters_on_time: int
    letters_rated: int
    letters_satisfied: int
    adoption: dict[str, int]  # adopted / partly / not_adopted
    projects: satisfaction.ProjectRatings | None  # None until project ratings exist

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.letters_on_time, self.letters_timed)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.letters_satisfied, self.letters_rated)

    @property
    def adoption_rate(self) -> Decimal | None:
        """采纳率: adopted or partly adopted, of the opinions answered."""
        answered = sum(self.adoption.values())
        return percent(self.adoption.get("adopted", 0) + self.adoption.get("partly", 0), answered)


@dataclass(frozen=True)
class Demand:
    """What one child area asked for against what it got."""

    area: Area
    asked: dict[str, int]  # proposal category → proposals
    letters: dict[str, int]  # letter kind → letters
    funded: dict[str, int]  # category → funded projects
    awarded_fen: int


@dataclass(frozen=True)
class Dashboard:
    scope: Area
    trail: list[Area]  # the ancestors, from the district down
    children: list[Area]
    year: int
    processes: list[Process]
    participation: Participation
    money: Money
    delivery: Delivery
    satisfaction: Satisfaction
    demand: list[Demand]
    statuses: dict[str, int] = field(default_factory=dict)  # staff only


def _money(s: Sums, pool: int, population: int) -> Money:
    rows = [
        (c, s.get("awarded_fen", c), s.get("confirmed_fen", c), s.get("disbursed_fen", c))
        for c in CATEGORIES
    ]
    return Money(
        pool,
        s.get("awarded_fen"),
        s.get("confirmed_fen"),
        s.get("disbursed_fen"),
        population,
        [r for r in rows if any(r[1:])],
    )


async def _pool(scope: Area, processes: list[Process], every: dict[int, Area]) -> int:
    """The money pools of the year within the scope: a process's pool when its area lies in
    the scope, else the sub-budgets (headings) of the scope's areas."""
    inside = {i for i, a in every.items() if a.path.startswith(scope.path)}
    whole = sum(p.budget_fen for p in processes if p.area_id in inside)
    rest = [p.id for p in processes if p.area_id not in inside]
    headings = await Heading.filter(process_id__in=rest, area_id__in=inside) if rest else []
    return whole + sum(h.budget_fen for h in headings)


async def _overdue_open(scope: Area, processes: list[Process]) -> int:
    """Funded projects past their planned finish and not yet accepted (changes with the
    calendar, so counted here: one indexed query over the year's work plans)."""
    if not processes:
        return 0
    ids = ", ".join(str(int(p.id)) for p in processes)
    path = scope.path.replace("'", "")
    rows = await connections.get("default").execute_query_dict(
        "SELECT COUNT(*) AS n FROM work_plan w JOIN proposal p ON p.id = w.proposal_id "
        f"JOIN area a ON a.id = p.area_id WHERE p.process_id IN ({ids}) "
        f"AND a.path LIKE '{path}%' "
        f"AND w.planned_finish < '{today().isoformat()}' AND NOT EXISTS (SELECT 1 FROM "
        "milestone m WHERE m.proposal_id = p.id AND m.kind = 'accept')"
    )
    return int(rows[0]["n"])


EPOCH = dt.date(2000, 1, 1)  # day numbers of insight.keeping.DAY_NUMBER


async def _funded_on(processes: list[Process]) -> dict[int, dt.date]:
    """The day each process entered 立项 (the first time, if it did twice)."""
    funded: dict[int, dt.date] = {}
    for log in await PhaseLog.filter(
        process_id__in=[p.id for p in processes], phase=Phase.FUNDED
    ).order_by("-entered_at"):
        funded[log.process_id] = china_date(log.entered_at)
    return funded


def _days_to_acceptance(data: Scoped, funded: dict[int, dt.date]) -> Decimal | None:
    """Mean days from 立项 to 验收: per process, the acceptances' day numbers less the day the
    process was funded, once for each acceptance."""
    days = count = 0
    for process_id, sums in data.by_process.items():
        accepted = sums.get("accepted")
        if accepted and process_id in funded:
            days += sums.get("accept_dayno") - accepted * (funded[process_id] - EPOCH).days
            count += accepted
    return mean(days, count)


def _demand(data: Scoped, children: list[Area]) -> list[Demand]:
    return [
        Demand(
            child,
            s.buckets("asked"),
            s.buckets("letters"),
            s.buckets("funded"),
            s.get("awarded_fen"),
        )
        for child in children
        for s in [data.children.get(child.path, Sums())]
    ]


async def build(scope: Area, year: int, *, staff: bool = False) -> Dashboard:
    # The reads do not depend on one another: on PostgreSQL they run side by side, each on
    # its own pooled connection, so a page waits for the slowest, not for the sum.
    processes, areas = await asyncio.gather(processes_of(year), Area.all())
    every = {a.id: a for a in areas}  # a district's tree: a few hundred rows
    shown = [p for p in processes if staff or p.phase in VOTED]
    children = sorted((a for a in every.values() if a.parent_id == scope.id), key=lambda a: a.path)
    figures = asyncio.gather(
        scoped(scope, children, year, [p.id for p in processes]),
        _pool(scope, processes, every),
        _overdue_open(scope, processes),
        _funded_on(processes),
    )
    turnouts = asyncio.gather(*(turnout(p, scope, every) for p in shown))
    (data, pool, overdue, funded_on), found = await asyncio.gather(figures, turnouts)
    s = data.total
    ancestors = set(_ancestor_paths(scope.path))
    trail = sorted((a for a in every.values() if a.path in ancestors), key=lambda a: a.path)
    population = scope.population or sum(c.population for c in children)
    return Dashboard(
        scope,
        trail,
        list(children),
        year,
        processes,
        Participation(
            s.get("asked"), s.get("supports"), s.get("comments"), [t for t in found if t]
        ),
        _money(s, pool, population),
        Delivery(
            s.get("funded"),
            s.get("accepted"),
            s.get("accepted_late"),
            overdue,
            _days_to_acceptance(data, funded_on),
        ),
        Satisfaction(
            s.get("letters_timed"),
            s.get("letters_on_time"),
            s.get("letters_rated"),
            s.get("letters_satisfied"),
            s.buckets("adoption"),
            satisfaction.project_ratings(s),
        ),
        _demand(data, list(children)),
        s.buckets("status") if staff else {},
    )


def _ancestor_paths(path: str) -> list[str]:
    """ "/a/b/c/" → ["/a/", "/a/b/"]."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[:k]) + "/" for k in range(1, len(codes))]
