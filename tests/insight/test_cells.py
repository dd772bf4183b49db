"""Small-cell suppression, without a database: hand-made tables."""

from __future__ import annotations

from insight.cells import TOTAL, Cell, lines, suppressed

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


def test_two_way_band_by_sex_one_small_cell_takes_the_square() -> None:
    # One area, bands a and b × sexes m and f; only a|m is small (5 voters).
    cells = {
        (1, TOTAL): Cell(100, 50),
        (1, "a"): Cell(40, 20),
        (1, "b"): Cell(60, 30),
        (1, "m"): Cell(50, 25),
        (1, "f"): Cell(50, 25),
        (1, "a|m"): Cell(15, 5),
        (1, "a|f"): Cell(25, 15),
        (1, "b|m"): Cell(35, 20),
        (1, "b|f"): Cell(25, 10),
    }
    # a = a|m + a|f hides a|f; m = a|m + b|m hides b|m; f = a|f + b|f then hides b|f.
    # Every band and sex stays published: a 2 × 2 square of hidden cells has a degree of
    # freedom, so no hidden cell is the margins' difference.
    assert suppressed(cells, {1: []}, ["a", "b"], ["m", "f"]) == {
        (1, "a|m"),
        (1, "a|f"),
        (1, "b|m"),
        (1, "b|f"),
    }


def test_a_hidden_total_whose_parts_are_all_published_hides_one_of_them() -> None:
    # Band "a" is hidden as the complement of the small band "b"; its only sex cell a|m
    # (everyone in "a" is a man) would give it back, and "b" with it.
    cells = {
        (1, TOTAL): Cell(60, 30),
        (1, "a"): Cell(50, 25),
        (1, "b"): Cell(10, 5),
        (1, "m"): Cell(50, 25),
        (1, "f"): Cell(10, 5),
        (1, "a|m"): Cell(50, 25),
        (1, "b|f"): Cell(10, 5),
    }
    hidden = suppressed(cells, {1: []}, ["a", "b"], ["m", "f"])
    assert {(1, "a"), (1, "b"), (1, "a|m"), (1, "b|f")} <= hidden
    # m = a|m alone and f = b|f alone: both sexes go too; the total alone stays.
    assert hidden == {(1, k) for k in ("a", "b", "m", "f", "a|m", "b|f")}


def test_band_by_sex_cells_add_up_across_villages() -> None:
    found = lines({1: [2, 3], 2: [], 3: []}, ["a"], ["m", "f"])
    assert ((1, "a|m"), [(2, "a|m"), (3, "a|m")]) in found
    assert ((1, "f"), [(2, "f"), (3, "f")]) in found
    assert ((2, "a"), [(2, "a|m"), (2, "a|f")]) in found
    assert ((2, "m"), [(2, "a|m")]) in found
