"""Turnout by village, age band and sex, counted lazily from voter marks and the roster.

Not by trigger: a counter row per village would make every cast in a village wait on the
one before it, and the cast path must not slow down (benchmarks/load.py). Instead a
periodic job recounts the processes now voting every ``CRON`` (so a live figure is at most
ten minutes old, shown to staff only), and the close of voting (entering 计票) recounts the
process once more in the phase change's transaction: from then on the figures are final.

Each counted cell is (village, age band × sex), bucket "45-59|f"; the sex is the one the
ID number stated at import (``residents.idcard.sex_of``), "u" for entries imported before
it was kept. The published margins (bands, sexes, totals) are sums of these cells.
"""

from __future__ import annotations

import datetime as dt
import secrets
from itertools import pairwise

from tortoise import connections
from tortoise.transactions import in_transaction

from core.clock import today
from core.models import Area
from core.principal import Principal
from insight.cells import UNKNOWN
from projects.hooks import HandOver
from projects.models import Phase, Process

CRON = "*/10 * * * *"
# (label, the lowest age in the band); the first band starts at the process's voting age.
BANDS = (("18-29", 0), ("30-44", 30), ("45-59", 45), ("60-74", 60), ("75+", 75))
MEASURES = ("'voters'", "'electors'")
GENERATION = "turnout_gen"  # one row per process, changed by each recount


def reference_day(process: Process) -> dt.date:
    """Ages are taken on the last day of voting (today while it is still ahead)."""
    day = today()
    return min(process.voting_end, day) if process.voting_end else day


def _born_by(day: dt.date, age: int) -> dt.date:
    """The latest birth date of someone at least `age` years old on `day`."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - age, day=28)


def crossed_bucket(day: dt.date) -> str:
    """The cell's bucket: "<band>|<sex>" (cells.cross, in SQL)."""
    return f"{band_case(day)} || '|' || COALESCE(e.sex, '{UNKNOWN}')"


def band_case(day: dt.date) -> str:
    """A CASE expression naming the band of ``e.birth_date`` (dates are ours: no input)."""
    whens = [
        f"WHEN e.birth_date > '{_born_by(day, lowest).isoformat()}' THEN '{label}'"
        for (label, _low), (_next, lowest) in pairwise(BANDS)
    ]
    return f"CASE {' '.join(whens)} ELSE '{BANDS[-1][0]}' END"


async def recount_process(process: Process) -> None:
    """Replace the process's turnout figures with a fresh count (in one transaction)."""
    area = await Area.get(id=process.area_id)
    day = reference_day(process)
    band = crossed_bucket(day)
    adult = _born_by(day, process.min_voter_age).isoformat()
    path = area.path.replace("'", "")
    key = f"{process.id}, 0, e.area_id"
    async with in_transaction() as client:
        await client.execute_query(
            f"DELETE FROM insight_figure WHERE process_id = {process.id} "
            f"AND measure IN ({', '.join(MEASURES)})"
        )
        await client.execute_query(
            "INSERT INTO insight_figure (process_id, year, area_id, measure, bucket, value) "
            f"SELECT {key}, 'electors', {band}, COUNT(*) FROM roster_entry e "
            f"JOIN area a ON a.id = e.area_id WHERE a.path LIKE '{path}%' "
            f"AND e.birth_date <= '{adult}' GROUP BY e.area_id, {band}"
        )
        await client.execute_query(
            "INSERT INTO insight_figure (process_id, year, area_id, measure, bucket, value) "
            f"SELECT {key}, 'voters', {band}, COUNT(DISTINCT v.entry_id) FROM voter_mark v "
            "JOIN ballot_box b ON b.id = v.box_id JOIN roster_entry e ON e.id = v.entry_id "
            f"WHERE b.process_id = {process.id} GROUP BY e.area_id, {band}"
        )
        # A new generation (random, so a restored or emptied database never repeats one):
        # pages drop the suppression they worked out from the old cells.
        await client.execute_query(
            "INSERT INTO insight_figure (process_id, year, area_id, measure, bucket, value) "
            f"VALUES ({process.id}, 0, 0, '{GENERATION}', '', {secrets.randbits(62)}) "
            "ON CONFLICT (process_id, year, area_id, measure, bucket) "
            "DO UPDATE SET value = excluded.value"
        )


async def recount_voting(_moment: dt.datetime | None = None) -> None:
    """The periodic job: every process now voting."""
    for process in await Process.filter(phase=Phase.VOTING):
        await recount_process(process)


async def recount_all() -> None:
    """Every process that has had a ballot box (``yishi dashboard rebuild``)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT DISTINCT process_id FROM ballot_box"
    )
    for process in await Process.filter(id__in=[r["process_id"] for r in rows]):
        await recount_process(process)


async def at_close(_actor: Principal | None, process: Process) -> HandOver | None:
    """Entering 计票: the final count, in the phase change's transaction."""
    await recount_process(process)
    return None
