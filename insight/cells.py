"""Small cells (小格抑制): turnout by age band is published only where no one can be singled out.

A cell is (area, band) with its electors and voters. It is published only when both the
voters and those who did not vote number at least ``MINIMUM`` (a cell where 3 of 40 voted,
or 38 of 40, says too much about the few). Suppressing a cell is not enough when its
neighbours and their total are published: the cell would be their difference. So wherever
cells add up to a published total — the bands of an area to the area, and the villages of
a street (or the streets of the district) to their parent, band by band — a line left with
exactly one hidden cell hides its smallest other cell too, until no line has one alone.
Pure functions: tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MINIMUM = 10
TOTAL = ""  # the band key of an area's total


@dataclass(frozen=True)
class Cell:
    electors: int
    voters: int

    @property
    def small(self) -> bool:
        return self.electors > 0 and (
            self.voters < MINIMUM or self.electors - self.voters < MINIMUM
        )


Key = tuple[int, str]  # (area id, band; TOTAL for the area's total)


def lines(tree: Mapping[int, list[int]], bands: Iterable[str]) -> list[tuple[Key, list[Key]]]:
    """Each published total and the cells that add up to it."""
    bands = list(bands)
    found: list[tuple[Key, list[Key]]] = []
    for area, children in tree.items():
        found.append(((area, TOTAL), [(area, b) for b in bands]))
        if children:
            for band in [TOTAL, *bands]:
                found.append(((area, band), [(child, band) for child in children]))
    return found


def suppressed(
    cells: Mapping[Key, Cell], tree: Mapping[int, list[int]], bands: Iterable[str]
) -> set[Key]:
    """The keys not to publish: the small cells, then what would give them away."""
    hidden = {key for key, cell in cells.items() if cell.small}
    all_lines = lines(tree, bands)
    changed = True
    while changed:
        changed = False
        for total, parts in all_lines:
            present = [p for p in parts if p in cells]
            alone = [p for p in present if p in hidden]
            if len(alone) != 1 or total in hidden:
                continue
            others = [p for p in present if p not in hidden]
            if others:
                hidden.add(min(others, key=lambda p: (cells[p].electors, p)))
            else:  # the total is the hidden cell itself
                hidden.add(total)
            changed = True
    return hidden
