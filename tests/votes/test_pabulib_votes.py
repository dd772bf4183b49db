"""The VOTES section read from its bytes: cells located in bulk, text decoded on demand."""

from __future__ import annotations

import numpy as np
import pytest

from votes import pabulib_votes
from votes.pabulib_votes import TextColumn, project_indices, read_ballots, vote_table

HEADER = ("voter_id", "vote", "district")


def test_ids_are_read_by_their_bytes() -> None:
    table = vote_table("a;7,b,7b;x\nb;;y\nc;é,7;z\n".encode(), 0, HEADER)
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
    table = vote_table(body.encode(), 0, HEADER)
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
    assert vote_table(body.encode(), 0, HEADER) is None


def test_points_are_read_as_digits_and_must_match_the_marks() -> None:
    header = ("voter_id", "vote", "points")
    table = vote_table(b"a;7,b;3,12\nb;b;0\n", 0, header)
    assert table is not None
    read = read_ballots(table, ["7", "b"], with_points=True)
    assert read is not None and read.points is not None
    assert read.points.tolist() == [3, 12, 0]
    short = vote_table(b"a;7,b;3\n", 0, header)
    assert short is not None and read_ballots(short, ["7", "b"], with_points=True) is None
    signed = vote_table(b"a;7,b;3,-1\n", 0, header)
    assert signed is not None and read_ballots(signed, ["7", "b"], with_points=True) is None


def test_a_column_decodes_one_cell_without_the_rest() -> None:
    table = vote_table("1;7;Ursynów\n2;7; Wola \n3;7;Żoliborz\n".encode(), 0, HEADER)
    assert table is not None
    column = table.column("district")
    assert isinstance(column, TextColumn)
    assert len(column) == 3
    assert column[1] == "Wola"  # stripped: the column has spaces
    assert column[-1] == "Żoliborz"
    assert column._cells is None  # one cell read, the column not decoded
    assert column == ("Ursynów", "Wola", "Żoliborz")
    assert ("Ursynów", "Wola", "Żoliborz") == column  # noqa: SIM300 - the tuple's side
    assert list(column) == ["Ursynów", "Wola", "Żoliborz"]
    assert column[:2] == ("Ursynów", "Wola")
    assert column != ("Ursynów", "Wola")
    assert table.column("voter_id") == ["1", "2", "3"]  # the first column, unstripped
    assert table.column("vote") == ("7", "7", "7")


def test_an_empty_section_has_no_rows() -> None:
    table = vote_table(b"", 0, HEADER)
    assert table is not None
    assert table.rows == 0
    assert table.column("voter_id") == ()
    read = read_ballots(table, ["7"], with_points=False)
    assert read is not None and read.lengths.tolist() == []


def test_a_cell_is_stripped_exactly_when_its_column_holds_a_space() -> None:
    unspaced = vote_table(b"1;7;\x0cA\n2;7;B\n", 0, HEADER)
    spaced = vote_table(b"1;7;\x0cA\n2;7; B\n", 0, HEADER)
    assert unspaced is not None and spaced is not None
    assert unspaced.column("district")[0] == "\x0cA"  # as the text reading keeps it
    assert spaced.column("district")[0] == "A"


def test_ids_that_share_a_hash_slot_are_still_found() -> None:
    rng = np.random.default_rng(19)
    ids = sorted({str(n) for n in rng.integers(0, 10**12, 3000)})
    bits = len(ids).bit_length() + 6
    known = pabulib_votes.token_keys(
        np.frombuffer("".join(ids).encode(), np.uint8),
        np.cumsum([0, *map(len, ids)])[:-1],
        np.array([len(i) for i in ids]),
        2,
    )
    slots = pabulib_votes._hashed(known) >> np.uint64(64 - bits)
    assert len(np.unique(slots)) < len(ids)  # some ids do lose their slot to another
    marks = rng.integers(0, len(ids), 20_000)
    body = ",".join(ids[m] for m in marks).encode()
    data = np.frombuffer(body, np.uint8)
    cuts = np.flatnonzero(data == ord(","))
    starts = np.concatenate([[0], cuts + 1])
    lengths = np.concatenate([cuts, [len(data)]]) - starts
    found = project_indices(data, starts, lengths, ids)
    assert found is not None and found.tolist() == marks.tolist()


def test_rows_ending_in_crlf_are_read_in_place() -> None:
    table = vote_table("x\r\n1;7,b;Wola\r\n2;b;Żoliborz\r\n".encode(), 3, HEADER)
    assert table is not None and table.crlf
    assert table.column("district") == ("Wola", "Żoliborz")
    assert table.column("district")[1] == "Żoliborz"
    read = read_ballots(table, ["7", "b"], with_points=False)
    assert read is not None and read.marks.tolist() == [0, 1, 1]


@pytest.mark.parametrize("body", ["1;7;A\r\n2;b;B\n", "1;7;A\r\n2;b\r;B\r\n", "1;7\r;A\n"])
def test_other_carriage_returns_go_to_the_general_reading(body: str) -> None:
    assert vote_table(body.encode(), 0, HEADER) is None


@pytest.mark.parametrize(
    ("cell", "plain"),
    [
        ("Wola", True),
        ("Ursynów, Żoliborz", True),  # two-byte letters: checked without decoding
        ("村道", False),  # three-byte characters: left to the decoder
    ],
)
def test_utf8_is_checked_in_bulk_when_it_can_be(cell: str, plain: bool) -> None:
    table = vote_table(f"1;7;{cell}\n".encode(), 0, HEADER)
    assert table is not None and table.plain_utf8 is plain
    assert table.column("district") == (cell,)


@pytest.mark.parametrize("cell", [b"\xc3A", b"A\xb3", b"\xc0\x80", b"\xc3"])
def test_malformed_utf8_is_left_to_the_decoder(cell: bytes) -> None:
    table = vote_table(b"1;7;" + cell + b"\n", 0, HEADER)
    assert table is not None and not table.plain_utf8
