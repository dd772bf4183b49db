"""Turnout as published: a process's cells over its whole area tree, small ones suppressed.

The suppression is decided over the process's whole tree at once (every village, street
and the district, every band), so each page of the drill-down hides the same cells and no
two pages together give a hidden one away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise import connections

from core.models import Area
from insight.cells import TOTAL, Cell, Key, suppressed
from insight.turnout import BANDS
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
    children: list[tuple[Area, Shown | None]]
    counted: bool  # any roster under the scope at all


async def _cells(process: Process) -> tuple[dict[Key, Cell], dict[int, list[int]], dict[int, Area]]:
    area = await Area.get(id=process.area_id)
    areas = {a.id: a for a in await Area.filter(path__startswith=area.path)}
    rows = await connections.get("default").execute_query_dict(
        "SELECT area_id, measure, bucket, value FROM insight_figure "
        f"WHERE process_id = {int(process.id)} AND measure IN ('voters', 'electors')"
    )
    counts: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        a = areas.get(int(r["area_id"]))
        at = 0 if r["measure"] == "electors" else 1
        while a is not None:  # a village's cell adds to each ancestor's, up to the process's
            counts[(a.id, r["bucket"])][at] += int(r["value"])
            counts[(a.id, TOTAL)][at] += int(r["value"])
            a = areas.get(a.parent_id) if a.id != area.id and a.parent_id else None
    tree: dict[int, list[int]] = {a.id: [] for a in areas.values()}
    for a in areas.values():
        if a.parent_id in tree and a.id != area.id:
            tree[a.parent_id].append(a.id)
    cells = {key: Cell(e, v) for key, (e, v) in counts.items()}
    return cells, tree, areas


def _shown(cells: dict[Key, Cell], hidden: set[Key], key: Key) -> Shown | None:
    cell = cells.get(key, Cell(0, 0))
    return None if key in hidden else Shown(cell.electors, cell.voters)


async def turnout(process: Process, scope: Area) -> Turnout | None:
    """The process's published turnout at `scope`; None when the scope lies outside it."""
    cells, tree, areas = await _cells(process)
    if scope.id not in areas:
        top = areas.get(process.area_id)
        if top is None or not top.path.startswith(scope.path):
            return None
        scope = top  # a street's process seen from the district: the street's figures
    hidden = suppressed(cells, tree, BAND_LABELS)
    children = sorted((areas[c] for c in tree.get(scope.id, [])), key=lambda a: a.path)
    return Turnout(
        process,
        _shown(cells, hidden, (scope.id, TOTAL)),
        [(b, _shown(cells, hidden, (scope.id, b))) for b in BAND_LABELS],
        [(c, _shown(cells, hidden, (c.id, TOTAL))) for c in children],
        (scope.id, TOTAL) in cells,
    )
