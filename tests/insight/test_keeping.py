"""The triggers keep what a fresh recount finds, after any sequence of writes — through
model saves, queryset updates and deletes alike (hypothesis draws the sequences)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letter_factories import make_letter
from project_factories import make_process, make_proposal
from support import make_user
from tortoise import connections
from tortoise.transactions import in_transaction

from accountability.implementation.models import Milestone, MilestoneKind, WorkPlan
from comments.models import Comment, Visibility
from core import installers
from core.models import Area, Role, User
from insight import keeping, rollup
from insight.services import dashboard_rebuild
from letters.models import Letter, LetterKind, Rating
from projects.models import Category, Phase, Process, Proposal, ProposalStatus, Support
from votes.models import Award, BallotBox, TallySnapshot

VILLAGES = ("370104013201", "370104001001")
Row = tuple[int, int, int, str, str, int]
ROLLUP = "insight_rollup"


async def kept(table: str = "insight_figure") -> set[Row]:
    rows = await connections.get("default").execute_query_dict(
        f"SELECT process_id, year, area_id, measure, bucket, value FROM {table} "
        "WHERE value <> 0 AND measure NOT IN ('voters', 'electors', 'turnout_gen')"
    )
    return {
        (r["process_id"], r["year"], r["area_id"], r["measure"], r["bucket"], int(r["value"]))
        for r in rows
    }


async def recounted(table: str = "insight_figure") -> set[Row]:
    """What a rebuild would write, rolled back so the kept figures stay as they were: the
    figures counted afresh from the source tables, and their roll-up summed afresh over
    the area tree from those (a GROUP BY, not the triggers' increments)."""

    class Undo(Exception):
        pass

    found: set[Row] = set()
    try:
        async with in_transaction() as client:
            await keeping.recount(client)
            await rollup.rebuild(client)
            found = await kept(table)
            raise Undo
    except Undo:
        pass
    return found


async def rolled_up_by_hand() -> set[Row]:
    """The roll-up as the definition says: each figure at its area and every ancestor."""
    areas = {a.id: a for a in await Area.all()}
    sums: dict[tuple[int, int, int, str, str], int] = {}
    for p, y, area_id, m, b, v in await kept():
        area = areas.get(area_id)
        while area is not None:
            key = (p, y, area.id, m, b)
            sums[key] = sums.get(key, 0) + v
            area = areas.get(area.parent_id) if area.parent_id else None
    return {(*key, v) for key, v in sums.items() if v}


class World:
    def __init__(self, process: Process, people: list[User], villages: list[Area]) -> None:
        self.process, self.people, self.villages = process, people, villages
        self.snapshot: TallySnapshot | None = None

    async def proposals(self) -> list[Proposal]:
        return await Proposal.filter(process=self.process).order_by("id")

    async def pick(self, n: int) -> Proposal | None:
        found = await self.proposals()
        return found[n % len(found)] if found else None


Event = tuple[str, int, int]
EVENTS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "propose",
                "status",
                "category",
                "support",
                "unsupport",
                "comment",
                "hide",
                "award",
                "pay",
                "unaward",
                "accept",
                "unaccept",
                "letter",
                "rate",
            ]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=25,
)
STATUSES = list(ProposalStatus)
CATEGORIES = list(Category)


async def apply(w: World, event: Event) -> None:
    name, a, b = event
    proposal = await w.pick(a)
    if name == "propose" or proposal is None:
        await make_proposal(
            w.process,
            w.villages[a % 2],
            w.people[0],
            STATUSES[b % len(STATUSES)],
            category=CATEGORIES[a % len(CATEGORIES)],
        )
    elif name == "status":  # a queryset update: no model signal, the trigger still sees it
        await Proposal.filter(id=proposal.id).update(status=STATUSES[b % len(STATUSES)])
    elif name == "category":
        proposal.category = CATEGORIES[b % len(CATEGORIES)]
        await proposal.save()
    elif name == "support":
        user = w.people[b % len(w.people)]
        if not await Support.exists(proposal=proposal, user=user):
            await Support.create(proposal=proposal, user=user)
    elif name == "unsupport":
        await Support.filter(proposal=proposal, user=w.people[b % len(w.people)]).delete()
    elif name == "comment":
        await Comment.create(
            subject_type="proposal",
            subject_id=proposal.id,
            area_id=proposal.area_id,
            author=w.people[b % len(w.people)],
            body="意见",
            visibility=list(Visibility)[b % 3],
        )
    elif name == "hide":
        comment = await Comment.filter(subject_id=proposal.id).first()
        if comment:
            await Comment.filter(id=comment.id).update(visibility=list(Visibility)[b % 3])
    elif name in ("award", "pay", "unaward"):
        await _award(w, proposal, name, b)
    elif name in ("accept", "unaccept"):
        await _acceptance(proposal, name, b)
    elif name == "letter":
        await make_letter(
            None,
            w.villages[a % 2],
            received=dt.date(2025 + b % 2, 3, 2),
            kind=list(LetterKind)[b % 5],
            replied_on_time=[None, True, False][b % 3],
        )
    else:  # rate the latest letter
        letter = await Letter.all().order_by("-id").first()
        if letter:
            letter.rating = [None, *Rating][b % 4]
            await letter.save()


async def _award(w: World, proposal: Proposal, name: str, b: int) -> None:
    award = await Award.get_or_none(proposal=proposal)
    if name == "award" and award is None:
        assert w.snapshot is not None
        await Award.create(proposal=proposal, snapshot=w.snapshot, votes=b, subsidy_fen=b * 1000)
    elif name == "pay" and award is not None:
        await Award.filter(id=award.id).update(disbursed_fen=b * 10, confirmed_fen=b * 100)
    elif name == "unaward" and award is not None:
        await award.delete()


async def _acceptance(proposal: Proposal, name: str, b: int) -> None:
    if name == "accept":
        if not await WorkPlan.exists(proposal=proposal):
            await WorkPlan.create(
                proposal=proposal,
                planned_start=dt.date(2026, 1, 1),
                planned_finish=dt.date(2026, 6, 1),
            )
        await Milestone.create(
            proposal=proposal,
            kind=MilestoneKind.ACCEPT,
            happened_on=dt.date(2026, 5, 1) + dt.timedelta(days=b),
            progress_pct=100,
        )
    else:
        await Milestone.filter(proposal=proposal, kind=MilestoneKind.ACCEPT).delete()


async def _world(areas: dict[str, Area]) -> World:
    process = await make_process(areas["370104000000"], Phase.IMPLEMENTING)
    box = await BallotBox.create(
        key=f"{process.id}:0", process=process, area=process.area, budget_fen=1
    )
    people = [
        await make_user(f"139{process.id:06d}{i:02d}", Role.RESIDENT, verified=False)
        for i in range(3)
    ]
    world = World(process, people, [areas[code] for code in VILLAGES])
    world.snapshot = await TallySnapshot.create(
        box=box, rule="greedy", rule_version="1", input_hash=f"h{process.id}", ballots=0, result={}
    )
    return world


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=EVENTS)
async def test_kept_figures_equal_a_fresh_recount(
    areas: dict[str, Area], events: list[Event]
) -> None:
    # Each example adds its own process to the same database: the comparison is of the
    # whole table, so earlier examples' figures must still agree too.
    world = await _world(areas)
    for event in events:
        await apply(world, event)
    assert await kept() == await recounted()
    # The rolled-up rows the district and street pages read agree too.
    assert await kept(ROLLUP) == await recounted(ROLLUP) == await rolled_up_by_hand()


async def test_rebuild_restores_what_was_lost(areas: dict[str, Area]) -> None:
    world = await _world(areas)
    for event in [("propose", 0, 5), ("support", 0, 1), ("award", 0, 7), ("accept", 0, 3)]:
        await apply(world, event)
    before = await kept()
    assert before
    rolled = await kept(ROLLUP)
    assert rolled == await rolled_up_by_hand()
    assert world.process.area_id in {r[2] for r in rolled}  # the district's own rows
    await connections.get("default").execute_query("DELETE FROM insight_figure")
    assert await kept(ROLLUP) == set()  # the roll-up followed the deletes
    assert await dashboard_rebuild() >= len(before)
    assert await kept() == before
    assert await kept(ROLLUP) == rolled


async def test_a_village_moved_to_another_street_moves_its_rolled_up_figures(
    areas: dict[str, Area],
) -> None:
    world = await _world(areas)
    for event in [("propose", 0, 5), ("support", 0, 1), ("letter", 0, 1)]:
        await apply(world, event)
    village = world.villages[0]
    other = await Area.get(code="370104001000")
    assert village.parent_id != other.id
    # A 撤村并居-like regrouping: the village keeps its code and moves under another street.
    await Area.filter(id=village.id).update(parent_id=other.id, path=f"{other.path}{village.code}/")
    assert await kept(ROLLUP) == await rolled_up_by_hand() == await recounted(ROLLUP)


async def test_the_triggers_come_back_after_every_migrate(areas: dict[str, Area]) -> None:
    """A migration that rebuilds a watched table drops its triggers; `yishi migrate`
    runs every installer beside the migrations (core.installers) and brings them back."""
    world = await _world(areas)
    client = connections.get("default")
    await keeping.uninstall(client)  # as a table rebuild would leave them
    before = await kept()
    await apply(world, ("propose", 0, 5))
    assert await kept() == before != await recounted()  # nobody counted it
    assert "dashboard" in installers.INSTALLERS
    await installers.install_all(client)  # what core.migrations.apply runs last
    await dashboard_rebuild()
    await apply(world, ("support", 0, 1))
    assert await kept() == await recounted()
