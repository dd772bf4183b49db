"""Turnout as published: a process's cells over its whole area tree, small ones suppressed.

Counted cells are (village, age band × sex); each village's cells add up into its bands,
its sexes and its total, and into every ancestor's.

The suppression is decided over the process's whole tree at once (every village, street
and the district, every band), so each page of the drill-down hides the same cells and no
two pages together give a hidden one away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise import connections

from core.models import Area
from insight.cells import SEXES, TOTAL, UNKNOWN, Cell, Key, cross, suppressed
from insight.turnout import BANDS, GENERATION
from projects.models import Process

BAND_LABELS = [label for label, _low in BANDS]


@dataclass(frozen=True)
class Shown:
    """A published cell, or None where suppressed (the page says "<10")."""

    electors: int
    voters: int

    @property
    def rate(self) -> str:
        return f"{self.voters * 100 / self.electors:.1f}" if self.electors else "—"


@dataclass(frozen=True)
class Turnout:
    process: Process
    total: Shown | None
    bands: list[tuple[str, Shown | None]]
    sexes: list[tuple[str, Shown | None]]  # "m", "f", and "u" where some sex is unknown
    crossed: list[tuple[str, list[Shown | None]]]  # each band's cells, sex by sex as above
    children: list[tuple[Area, Shown | None]]
    counted: bool  # any roster under the scope at all


async def _cells(
    process: Process, every: dict[int, Area]
) -> tuple[dict[Key, Cell], dict[int, list[int]], dict[int, Area]]:
    area = every[process.area_id]
    areas = {i: a for i, a in every.items() if a.path.startswith(area.path)}
    rows = await connections.get("default").execute_query_dict(
        "SELECT area_id, measure, bucket, value FROM insight_figure "
        f"WHERE process_id = {int(process.id)} AND measure IN ('voters', 'electors')"
    )
    counts: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        a = areas.get(int(r["area_id"]))
        at = 0 if r["measure"] == "electors" else 1
        value = int(r["value"])
        band, _bar, sex = str(r["bucket"]).partition("|")
        buckets = (TOTAL, band, sex or UNKNOWN, cross(band, sex or UNKNOWN))
        while a is not None:  # a village's cell adds to each ancestor's, up to the process's
            for bucket in buckets:
                counts[(a.id, bucket)][at] += value
            a = areas.get(a.parent_id) if a.id != area.id and a.parent_id else None
    tree: dict[int, list[int]] = {a.id: [] for a in areas.values()}
    for a in areas.values():
        if a.parent_id in tree and a.id != area.id:
            tree[a.parent_id].append(a.id)
    cells = {key: Cell(e, v) for key, (e, v) in counts.items()}
    return cells, tree, areas


Worked = tuple[dict[Key, Cell], dict[int, list[int]], dict[int, Area], set[Key]]
# Per process: the generation of its turnout figures and the area tree's size they were
# worked out for, and the cells with what to hide. Deciding the suppression over a whole
# district takes tens of milliseconds; the cells change only when the turnout job runs.
_worked: dict[int, tuple[tuple[int, int], Worked]] = {}


async def _generation(process: Process) -> int:
    rows = await connections.get("default").execute_query_dict(
        "SELECT value FROM insight_figure WHERE process_id = "
        f"{int(process.id)} AND year = 0 AND area_id = 0 AND measure = '{GENERATION}' "
        "AND bucket = ''"
    )
    return int(rows[0]["value"]) if rows else 0


async def _work_out(process: Process, every: dict[int, Area]) -> Worked:
    stamp = (await _generation(process), len(every))
    kept = _worked.get(process.id)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    cells, tree, areas = await _cells(process, every)
    worked = (cells, tree, areas, suppressed(cells, tree, BAND_LABELS, SEXES))
    _worked[process.id] = (stamp, worked)
    return worked


def _shown(cells: dict[Key, Cell], hidden: set[Key], key: Key) -> Shown | None:
    cell = cells.get(key, Cell(0, 0))
    return None if key in hidden else Shown(cell.electors, cell.voters)


async def turnout(process: Process, scope: Area, every: dict[int, Area]) -> Turnout | None:
    """The process's published turnout at `scope`; None when the scope lies outside it.
    `every` is the whole area tree by id (read once per page)."""
    cells, tree, areas, hidden = await _work_out(process, every)
    if scope.id not in areas:
        top = areas.get(process.area_id)
        if top is None or not top.path.startswith(scope.path):
            return None
        scope = top  # a street's process seen from the district: the street's figures
    children = sorted((areas[c] for c in tree.get(scope.id, [])), key=lambda a: a.path)
    sexes = [s for s in SEXES if s != UNKNOWN or (scope.id, s) in cells]
    return Turnout(
        process,
        _shown(cells, hidden, (scope.id, TOTAL)),
        [(b, _shown(cells, hidden, (scope.id, b))) for b in BAND_LABELS],
        [(s, _shown(cells, hidden, (scope.id, s))) for s in sexes],
        [(b, [_shown(cells, hidden, (scope.id, cross(b, s))) for s in sexes]) for b in BAND_LABELS],
        [(c, _shown(cells, hidden, (c.id, TOTAL))) for c in children],
        (scope.id, TOTAL) in cells,
    )
