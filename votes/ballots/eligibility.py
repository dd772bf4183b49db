"""Who votes in which ballot box: the one question online ballots (``standing``, by its
columns) and paper ballots (here, for loaded records) both ask, so both channels pass the
same rules (``residents.eligibility.box_refusal``)."""

from __future__ import annotations

import datetime as dt

from core.clock import today
from core.models import Area
from projects.models import Heading, Process
from residents.eligibility import box_refusal
from residents.models import RosterEntry
from votes.models import BallotBox


async def box_refusal_of(
    entry: RosterEntry, process: Process, box: BallotBox, day: dt.date | None = None
) -> str | None:
    """`box_refusal` for loaded records (the paper channel's question)."""
    entry_area: Area = await entry.area
    process_area: Area | None = await process.area
    box_area: Area = await box.area
    return box_refusal(
        entry_area.path,
        entry.birth_date,
        process_area.path if process_area else None,
        process.min_voter_age,
        box_area.path,
        box.heading_id is not None,
        await Heading.exists(process_id=process.id),
        day or today(),
    )
