"""A tallied process in publicity (公示) or later, with its awards, for the objection and
implementation tests. The ballots are cast through the real ballot service and counted by
the real tally."""

from __future__ import annotations

import datetime as dt

from ballot_factories import VILLAGE, roster_entries, voting_process
from sealing_support import open_sealed

from core.models import Area
from projects.models import Phase, PhaseLog, Process, Proposal
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import Award
from votes.results.services import tally_run


async def published(
    areas: dict[str, Area], *, publicity_started_days_ago: int = 0, phase: Phase = Phase.PUBLICITY
) -> tuple[Process, list[Proposal]]:
    """Budget ¥400,000; projects ¥300k (5 votes), ¥200k (3), ¥100k (1): the first and the
    third are funded. Publicity began `publicity_started_days_ago` days ago (7 days long)."""
    process, proposals = await voting_process(areas, max_picks=3, budget_fen=40_000_000)
    [box] = await boxes_of(process)
    entries = await roster_entries(areas[VILLAGE], 9, start=500)
    plan = [proposals[0]] * 5 + [proposals[1]] * 3 + [proposals[2]]
    for entry, proposal in zip(entries, plan, strict=True):
        await services.ballot_cast(process, box, entry, {proposal.id: 1})
    process.phase = Phase.TALLYING
    await process.save()
    await open_sealed(process)
    await tally_run(None, process)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=publicity_started_days_ago)
    log = await PhaseLog.create(process=process, phase=Phase.PUBLICITY)
    await PhaseLog.filter(id=log.id).update(entered_at=started)
    process.phase = phase
    await process.save()
    return process, proposals


async def funded(
    areas: dict[str, Area], phase: Phase = Phase.IMPLEMENTING
) -> tuple[Process, Proposal, Award]:
    """A process past publicity; returns its first funded project (¥300k subsidy)."""
    process, proposals = await published(areas, publicity_started_days_ago=30, phase=phase)
    award = await Award.get(proposal=proposals[0])
    return process, await Proposal.get(id=proposals[0].id), award
