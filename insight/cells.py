"""Small cells (小格抑制): turnout by age band and sex is published only where no one can be
singled out.

A cell is (area, band) with its electors and voters. It is published only when both the
voters and those who did not vote number at least ``MINIMUM`` (a cell where 3 of 40 voted,
or 38 of 40, says too much about the few). Suppressing a cell is not enough when its
neighbours and their total are published: the cell would be their difference. So wherever
cells add up to a published total — the bands of an area to the area, and the villages of
a street (or the streets of the district) to their parent, band by band — a line left with
exactly one hidden cell (a hidden total counts) hides its smallest other cell too, until
no line has one alone. With sex the table of an area is two-way: the band × sex cells add
up to each band and to each sex, and the bands (or the sexes) to the area's total; every
one of those is a line.
Pure functions: tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MINIMUM = 10
TOTAL = ""  # the band key of an area's total
SEXES = ("m", "f", "u")  # "u": sex unknown (an entry imported before it was kept)
UNKNOWN = "u"


def cross(band: str, sex: str) -> str:
    """The bucket of one age band × sex cell."""
    return f"{band}|{sex}"


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


def margins(bands: Iterable[str], sexes: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """Within one area: each published bucket that is a sum, and the buckets it sums."""
    bands, sexes = list(bands), list(sexes)
    found = [(TOTAL, bands)]
    if sexes:
        found.append((TOTAL, sexes))
        found += [(b, [cross(b, s) for s in sexes]) for b in bands]
        found += [(s, [cross(b, s) for b in bands]) for s in sexes]
    return found


def lines(
    tree: Mapping[int, list[int]], bands: Iterable[str], sexes: Iterable[str] = ()
) -> list[tuple[Key, list[Key]]]:
    """Each published total and the cells that add up to it."""
    within = margins(bands, sexes)
    buckets = sorted({TOTAL} | {b for total, parts in within for b in [total, *parts]})
    found: list[tuple[Key, list[Key]]] = []
    for area, children in tree.items():
        found += [((area, total), [(area, p) for p in parts]) for total, parts in within]
        if children:
            for bucket in buckets:
                found.append(((area, bucket), [(child, bucket) for child in children]))
    return found


def suppressed(
    cells: Mapping[Key, Cell],
    tree: Mapping[int, list[int]],
    bands: Iterable[str],
    sexes: Iterable[str] = (),
) -> set[Key]:
    """The keys not to publish: the small cells, then what would give them away."""
    hidden = {key for key, cell in cells.items() if cell.small}
    all_lines = lines(tree, bands, sexes)
    changed = True
    while changed:
        changed = False
        for total, parts in all_lines:
            present = [p for p in parts if p in cells]
            members = [total, *present] if total in cells else present
            if sum(m in hidden for m in members) != 1:
                continue
            # One hidden member of a sum is the others' difference (or, a hidden total, their
            # sum: a band hidden as a complement whose sex cells are all published). Hide
            # the smallest other part, else the total.
            others = [p for p in present if p not in hidden]
            hidden.add(min(others, key=lambda p: (cells[p].electors, p)) if others else total)
            changed = True
    return hidden
