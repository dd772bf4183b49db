"""Demo ballots: a few hundred online and paper ballots in the demo's voting process.

The six demo residents are left to vote themselves.
"""

from __future__ import annotations

import random

from core.models import Role, RoleGrant
from core.principal import load_principal
from projects.models import Phase, Process
from residents.models import RosterEntry
from votes import notices
from votes.ballots import services
from votes.ballots.boxes import boxes_of, proposals_in
from votes.ballots.eligibility import box_refusal_of
from votes.models import BallotBox

TURNOUT = 0.35  # share of each village's roster that votes in the demo
PAPER_SHARE = 0.15


async def _ballots_in(
    process: Process, box: BallotBox, rng: random.Random, counts: dict[str, int]
) -> None:
    proposals = await proposals_in(box)
    if not proposals:
        return
    grant = await RoleGrant.filter(role=Role.OFFICIAL).first()
    official = await load_principal(grant.user_id) if grant else None
    entries = await RosterEntry.filter(
        area__path__startswith=(await box.area).path, user_id=None
    ).select_related("area")
    weights = [len(proposals) - i + rng.random() * 3 for i in range(len(proposals))]
    for entry in entries:
        if rng.random() > TURNOUT or await box_refusal_of(entry, process, box):
            continue  # stays home, or may not vote here (under age, say)
        picks = min(rng.choice((1, 2, 3, 3, 4, 5)), process.max_picks or 5, len(proposals))
        chosen: set[int] = set()
        while len(chosen) < picks:
            chosen.add(rng.choices(proposals, weights)[0].id)
        marks = {pid: 1 for pid in chosen}
        # Paper ballots only where the demo official actually serves.
        on_paper = official is not None and official.governs(entry.area.path)
        if on_paper and official is not None and rng.random() < PAPER_SHARE:
            await services.paper_ballot_enter(official, process, box, entry, marks)
            counts["paper"] += 1
        else:
            await services.ballot_cast(process, box, entry, marks)
            counts["online"] += 1


async def load() -> list[str]:
    rng = random.Random(2027)  # reproducible demo
    counts = {"online": 0, "paper": 0}
    # Voting opened in these processes: their voters hear it, as from the phase change.
    for process in await Process.filter(phase=Phase.VOTING).order_by("id"):
        await notices.vote_opened(None, process)
    # The 一事一议 round gets the ballots (it is then closed and tallied); the other vote is
    # left empty for the demo residents to try.
    for process in await Process.filter(phase=Phase.VOTING, tally_rule="yishi"):
        for box in await boxes_of(process):
            await _ballots_in(process, box, rng, counts)
    return [f"选票：网上 {counts['online']} 张、纸质 {counts['paper']} 张（演示居民本人尚未投票）"]
