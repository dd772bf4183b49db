"""Turnout on the results page: per village, this box's voters only, kept with the tally."""

from __future__ import annotations

import httpx
from ballot_factories import VILLAGE, roster_entries, voting_process
from project_factories import make_process, make_proposal
from sealing_support import open_sealed

from core.models import Area
from projects.models import Phase, ProposalStatus
from residents.models import RosterEntry
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import TallySnapshot
from votes.results.services import tally_run


async def test_turnout_counts_this_box_only_and_is_stored_with_the_tally(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    counted, proposals = await voting_process(areas, max_picks=3)
    other = await make_process(areas["370104013000"], Phase.VOTING, max_picks=3)
    other_proposals = [
        await make_proposal(
            other, areas[VILLAGE], await proposals[0].author, ProposalStatus.ACCEPTED
        )
    ]
    [box], [other_box] = await boxes_of(counted), await boxes_of(other)
    entries = await roster_entries(areas[VILLAGE], 6)
    for entry in entries[:2]:
        await services.ballot_cast(counted, box, entry, {proposals[0].id: 1})
    for entry in entries[2:5]:  # voters of another process in the same village
        await services.ballot_cast(other, other_box, entry, {other_proposals[0].id: 1})
    counted.phase = Phase.TALLYING
    await counted.save()
    await open_sealed(counted)
    [made] = await tally_run(None, counted)
    village = areas[VILLAGE].name
    stored = await TallySnapshot.get(id=made.id)
    assert stored.result["turnout"] == [[village, 2, 6]]
    # Stored: a roster re-import after the close changes nothing on the published page.
    await roster_entries(areas[VILLAGE], 4, start=100)
    assert await RosterEntry.filter(area=areas[VILLAGE]).count() == 10
    page = await client.get(f"/processes/{counted.id}/results")
    assert page.status_code == 200
    assert "名册 6 人，投票 2 人，投票率 33%" in page.text
    assert f"{village}（2/6）" in page.text


async def test_older_snapshots_without_turnout_are_counted_live(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas, max_picks=3)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 4)
    await services.ballot_cast(process, box, entries[0], {proposals[1].id: 1})
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    [snapshot] = await tally_run(None, process)
    result = dict(snapshot.result)
    del result["turnout"]  # as tallies stored it before turnout was kept with them
    await TallySnapshot.filter(id=snapshot.id).update(result=result)
    page = await client.get(f"/processes/{process.id}/results")
    assert "名册 4 人，投票 1 人，投票率 25%" in page.text
