"""A tally re-run on an unchanged box answers from its snapshot without reading a ballot,
and any write to the ballots or change of the terms makes it count again."""

from __future__ import annotations

import pytest
from ballot_factories import VILLAGE, roster_entries, voting_process
from sealing_support import open_sealed
from tortoise.transactions import in_transaction

from core import generations, sql
from core.models import Area
from projects.models import Phase, Process, Proposal
from votes.ballots import services as casting
from votes.ballots.boxes import boxes_of
from votes.models import BallotBox, TallyInputKey, TallySnapshot
from votes.results import services


@pytest.fixture
async def closed(areas: dict[str, Area]) -> tuple[Process, list[Proposal]]:
    """Votes 5, 3, 1 on projects taking ¥300k, ¥200k, ¥100k from a ¥400k box, opened."""
    process, proposals = await voting_process(areas, max_picks=3, budget_fen=40_000_000)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 9)
    plan = [proposals[0]] * 5 + [proposals[1]] * 3 + [proposals[2]]
    for entry, proposal in zip(entries, plan, strict=True):
        await casting.ballot_cast(process, box, entry, {proposal.id: 1})
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    return process, proposals


def _no_ballot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the re-run read the ballots")

    monkeypatch.setattr(services, "box_election", refuse)


async def test_an_unchanged_box_answers_from_its_snapshot(
    closed: tuple[Process, list[Proposal]], monkeypatch: pytest.MonkeyPatch
) -> None:
    process, _ = closed
    [first] = await services.tally_run(None, process)
    assert await TallyInputKey.filter(snapshot_id=first.id).count() == 1
    _no_ballot_read(monkeypatch)
    [again] = await services.tally_run(None, process)
    assert again.id == first.id
    assert await TallySnapshot.all().count() == 1


async def test_a_mark_changed_by_hand_is_counted_again(
    closed: tuple[Process, list[Proposal]],
) -> None:
    process, proposals = closed
    [first] = await services.tally_run(None, process)
    # Any writer, not only Yishi's code: one vote for ¥400k moves to ¥200k.
    await sql.execute(
        "UPDATE ballot_mark SET proposal_id = $1 WHERE id = "
        "(SELECT min(id) FROM ballot_mark WHERE proposal_id = $2)",
        proposals[2].id,
        proposals[1].id,
    )
    [again] = await services.tally_run(None, process)
    assert again.id != first.id and again.input_hash != first.input_hash
    votes = {p["project_id"]: p["votes"] for p in again.result["projects"]}
    assert votes[str(proposals[1].id)] == 2 and votes[str(proposals[2].id)] == 2


async def test_changed_terms_are_counted_again(
    closed: tuple[Process, list[Proposal]], monkeypatch: pytest.MonkeyPatch
) -> None:
    process, proposals = closed
    [first] = await services.tally_run(None, process)
    assert first.result["selected"] == [str(proposals[0].id), str(proposals[2].id)]
    # No ballot changes, but the box's budget does: ¥600k funds all three.
    await BallotBox.filter(process_id=process.id).update(budget_fen=60_000_000)
    [again] = await services.tally_run(None, process)
    assert again.id != first.id
    assert again.result["selected"] == [str(p.id) for p in proposals]
    _no_ballot_read(monkeypatch)  # and that answer is now the one kept
    [third] = await services.tally_run(None, process)
    assert third.id == again.id


async def test_every_write_to_the_ballots_moves_the_generation(
    closed: tuple[Process, list[Proposal]],
) -> None:
    _, proposals = closed
    seen = [await generations.current("ballots")]

    async def moved() -> bool:
        seen.append(await generations.current("ballots"))
        return seen[-1] != seen[-2]

    await sql.execute(
        "UPDATE ballot_mark SET value = value WHERE proposal_id = $1", proposals[0].id
    )
    assert await moved()
    await sql.execute("DELETE FROM ballot_mark WHERE proposal_id = $1", proposals[2].id)
    assert await moved()
    await sql.execute("UPDATE ballot SET cast_on = NULL")
    assert await moved()
    try:
        async with in_transaction():
            await sql.execute("DELETE FROM ballot_mark")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert not await moved()  # a write that rolled back changed nothing
