"""Reading the kept figures for one scope (an area and its descendants) and one year.

One indexed read of the roll-up (``insight.rollup``): the scope's own rows, which already
sum everything under it, and its children's rows (a street of the district, a village of
a street) — tens of rows per measure whatever the scope. Rows of the scope area itself (a
letter to the district) count in its total and in no child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tortoise import connections

from core.models import Area
from projects.models import Process


def process_year(process: Process) -> int:
    """The budget year a process belongs to: the year voting ends, else collecting starts."""
    day = process.voting_end or process.collecting_start
    if day is not None:
        return day.year
    created: dt.datetime = process.created_at
    return created.year


@dataclass
class Sums:
    """measure → bucket → value, for one child (or the whole scope)."""

    by: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, measure: str, bucket: str, value: int) -> None:
        row = self.by[measure]
        row[bucket] = row.get(bucket, 0) + value

    def get(self, measure: str, bucket: str | None = None) -> int:
        row = self.by.get(measure, {})
        return row.get(bucket, 0) if bucket is not None else sum(row.values())

    def buckets(self, measure: str) -> dict[str, int]:
        return dict(self.by.get(measure, {}))


@dataclass
class Scoped:
    total: Sums
    children: dict[str, Sums]  # child path → its sums
    by_process: dict[int, Sums]


async def processes_of(year: int) -> list[Process]:
    return [p for p in await Process.all().order_by("id") if process_year(p) == year]


async def years() -> list[int]:
    found = {process_year(p) for p in await Process.all()}
    rows = await connections.get("default").execute_query_dict(
        # Rows of no process (letters, consultations) carry a year: few, and first in the
        # unique index, so this reads the index's process_id = 0 range only.
        "SELECT DISTINCT year FROM insight_figure WHERE process_id = 0 AND year > 0"
    )
    return sorted(found | {int(r["year"]) for r in rows}, reverse=True)


async def scoped(scope: Area, children: list[Area], year: int, process_ids: list[int]) -> Scoped:
    ids = ", ".join(str(int(i)) for i in process_ids) or "-1"
    paths = {int(a.id): a.path for a in children}
    areas = ", ".join(str(i) for i in [int(scope.id), *paths])
    # The areas by id, not by a join with ``area``: the roll-up's index answers each area
    # directly whatever the planner believes of the tables' sizes.
    rows = await connections.get("default").execute_query_dict(
        "SELECT area_id, process_id, measure, bucket, value FROM insight_rollup "
        f"WHERE area_id IN ({areas}) AND ((process_id IN ({ids}) AND year = 0) "
        f"OR (process_id = 0 AND year = {int(year)}))"
    )
    total = Sums()
    by_child: dict[str, Sums] = defaultdict(Sums)
    by_process: dict[int, Sums] = defaultdict(Sums)
    for r in rows:
        value = int(r["value"])
        child = paths.get(int(r["area_id"]))
        if child is not None:
            by_child[child].add(r["measure"], r["bucket"], value)
            continue
        total.add(r["measure"], r["bucket"], value)
        if r["process_id"]:
            by_process[int(r["process_id"])].add(r["measure"], r["bucket"], value)
    return Scoped(total, dict(by_child), dict(by_process))
