"""Reading the kept figures for one scope (an area and its descendants) and one year.

One grouped query: every kept figure under the scope, summed per child of the scope (a
street of the district, a village of a street), per process and measure. The children are
told apart by the path prefix one level down (codes are 12 digits, so a level adds 13
characters); rows of the scope area itself (a letter to the district) count in its total
and in no child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tortoise import connections

from core.models import Area
from projects.models import Process

LEVEL = 13  # "/" + a 12-digit code


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


async def scoped(scope: Area, year: int, process_ids: list[int]) -> Scoped:
    path = scope.path.replace("'", "")
    ids = ", ".join(str(int(i)) for i in process_ids) or "-1"
    child = f"substr(a.path, 1, {len(path) + LEVEL})"
    rows = await connections.get("default").execute_query_dict(
        f"SELECT {child} AS child, f.process_id, f.measure, f.bucket, SUM(f.value) AS value "
        "FROM insight_figure f JOIN area a ON a.id = f.area_id "
        f"WHERE a.path LIKE '{path}%' AND f.measure NOT IN ('voters', 'electors') "
        f"AND (f.process_id IN ({ids}) "
        f"OR (f.process_id = 0 AND f.year = {int(year)})) "
        f"GROUP BY {child}, f.process_id, f.measure, f.bucket"
    )
    total = Sums()
    children: dict[str, Sums] = defaultdict(Sums)
    by_process: dict[int, Sums] = defaultdict(Sums)
    for r in rows:
        value = int(r["value"])
        total.add(r["measure"], r["bucket"], value)
        if len(r["child"]) > len(path):
            children[r["child"]].add(r["measure"], r["bucket"], value)
        if r["process_id"]:
            by_process[int(r["process_id"])].add(r["measure"], r["bucket"], value)
    return Scoped(total, dict(children), dict(by_process))
