"""Small-cell suppression, without a database: hand-made tables."""

from __future__ import annotations

from insight.cells import TOTAL, Cell, suppressed

BANDS = ["a", "b", "c"]


def test_a_small_cell_takes_its_smallest_neighbour_with_it() -> None:
    tree = {1: []}
    cells = {
        (1, TOTAL): Cell(100, 50),
        (1, "a"): Cell(20, 5),  # 5 voters: small
        (1, "b"): Cell(30, 15),
        (1, "c"): Cell(50, 30),
    }
    # Alone, "a" would be the total less "b" and "c": "b", the smaller, is hidden too.
    assert suppressed(cells, tree, BANDS) == {(1, "a"), (1, "b")}


def test_few_non_voters_is_small_too() -> None:
    cells = {(1, TOTAL): Cell(40, 20), (1, "a"): Cell(15, 12), (1, "b"): Cell(25, 8)}
    assert suppressed(cells, {1: []}, ["a", "b"]) == {(1, "a"), (1, "b")}


def test_large_cells_and_empty_ones_are_published() -> None:
    cells = {(1, TOTAL): Cell(60, 30), (1, "a"): Cell(60, 30), (1, "b"): Cell(0, 0)}
    assert suppressed(cells, {1: []}, ["a", "b"]) == set()


def test_a_small_village_hides_a_sibling_and_the_hierarchy_stays_closed() -> None:
    # Street 1 with villages 2, 3, 4; village 2 is small in every way.
    tree = {1: [2, 3, 4], 2: [], 3: [], 4: []}
    cells = {
        (1, TOTAL): Cell(135, 60),
        (1, "a"): Cell(135, 60),
        (2, TOTAL): Cell(5, 2),
        (2, "a"): Cell(5, 2),
        (3, TOTAL): Cell(50, 20),
        (3, "a"): Cell(50, 20),
        (4, TOTAL): Cell(80, 38),
        (4, "a"): Cell(80, 38),
    }
    hidden = suppressed(cells, tree, ["a"])
    assert {(2, TOTAL), (2, "a"), (3, TOTAL), (3, "a")} <= hidden
    # No published total has exactly one hidden part left.
    for total, parts in [
        ((1, TOTAL), [(2, TOTAL), (3, TOTAL), (4, TOTAL)]),
        ((1, "a"), [(2, "a"), (3, "a"), (4, "a")]),
    ]:
        if total not in hidden:
            assert sum(p in hidden for p in parts) != 1
