"""The VOTES section read from its bytes: cells located in bulk, text decoded on demand."""

from __future__ import annotations

import pytest

from votes.pabulib_votes import TextColumn, read_ballots, vote_table

HEADER = ("voter_id", "vote", "district")


def test_ids_are_read_by_their_bytes() -> None:
    table = vote_table("a;7,b,7b;x\nb;;y\nc;é,7;z\n".encode(), HEADER, 10)
    assert table is not None
    read = read_ballots(table, ["7", "b", "7b", "é"], with_points=False)
    assert read is not None
    assert read.marks.tolist() == [0, 1, 2, 3, 0]
    assert read.lengths.tolist() == [3, 0, 2]  # the blank ballot marks nothing
    assert read.points is None
    assert read.columns["district"] == ("x", "y", "z")


@pytest.mark.parametrize(
    "body",
    [
        "a;7,,b;x\n",  # an empty entry
        "a;7,c;x\n",  # an unknown project
        "a;7\0;x\n",  # a project id with a byte more than a known one
        "a;7;x\na;b;y\n",  # a repeated voter id
    ],
)
def test_anything_wrong_is_left_to_the_general_reading(body: str) -> None:
    table = vote_table(body.encode(), HEADER, 10)
    assert table is not None
    assert read_ballots(table, ["7", "b"], with_points=False) is None


@pytest.mark.parametrize(
    "body",
    [
        'a;"7";x\n',  # quotes
        "a;7;x\n\nb;b;y\n",  # a blank line
        "a;7;x;\n",  # a trailing semicolon
        "a;7\n",  # a short row
        "a;7;x\nb;b;y;z\n",
    ],
)
def test_only_plain_tables_are_located_in_bulk(body: str) -> None:
    assert vote_table(body.encode(), HEADER, 10) is None


def test_points_are_read_as_digits_and_must_match_the_marks() -> None:
    header = ("voter_id", "vote", "points")
    table = vote_table(b"a;7,b;3,12\nb;b;0\n", header, 10)
    assert table is not None
    read = read_ballots(table, ["7", "b"], with_points=True)
    assert read is not None and read.points is not None
    assert read.points.tolist() == [3, 12, 0]
    short = vote_table(b"a;7,b;3\n", header, 10)
    assert short is not None and read_ballots(short, ["7", "b"], with_points=True) is None
    signed = vote_table(b"a;7,b;3,-1\n", header, 10)
    assert signed is not None and read_ballots(signed, ["7", "b"], with_points=True) is None


def test_a_column_decodes_one_cell_without_the_rest() -> None:
    table = vote_table("1;7;Ursynów\n2;7; Wola \n3;7;Żoliborz\n".encode(), HEADER, 10)
    assert table is not None
    column = table.column("district")
    assert isinstance(column, TextColumn)
    assert len(column) == 3
    assert column[1] == "Wola"  # stripped: the column has spaces
    assert column[-1] == "Żoliborz"
    assert column._cells is None  # one cell read, the column not decoded
    assert column == ("Ursynów", "Wola", "Żoliborz")
    assert ("Ursynów", "Wola", "Żoliborz") == column
    assert list(column) == ["Ursynów", "Wola", "Żoliborz"]
    assert column[:2] == ("Ursynów", "Wola")
    assert column != ("Ursynów", "Wola")
    assert table.column("voter_id") == ["1", "2", "3"]  # the first column, unstripped
    assert table.column("vote") == ("7", "7", "7")


def test_an_empty_section_has_no_rows() -> None:
    table = vote_table(b"", HEADER, 10)
    assert table is not None
    assert table.rows == 0
    assert table.column("voter_id") == ()
    read = read_ballots(table, ["7"], with_points=False)
    assert read is not None and read.lengths.tolist() == []
