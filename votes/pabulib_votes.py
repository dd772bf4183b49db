"""The VOTES section of a ``.pb`` file read from its bytes, all rows at once (issue 19).

A city's VOTES section is megabytes of ``voter_id;vote;age;…`` rows. Rather than make a
Python string of every cell, the section stays the file's bytes (not even copied): numpy
finds every ``;`` and newline in one pass, checks that each row has the header's width, and
every cell is then a pair of offsets. The tally's columns are read as numbers straight from
the bytes (project ids looked up by their bytes in a hash table, points read as digits);
voter ids are checked for duplicates by their bytes; and a cell becomes text only when
someone reads it (:class:`TextColumn`), which a tally never does beyond the one voter id a
warning names.

Anything unusual (quotes, a row of another width, a blank line, a stray carriage return,
spaces or an empty entry in a list, long or unknown project ids, points that are not plain
whole numbers, a possibly repeated voter id) makes :func:`vote_table` or
:func:`read_ballots` answer None: :mod:`votes.pabulib` then reads the section as text, cell
by cell, and says exactly what is wrong and on which line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Bytes = npt.NDArray[np.uint8]
Keys = npt.NDArray[np.uint64]

SEMICOLON, NEWLINE, RETURN, COMMA, SPACE, TAB = b";", b"\n", b"\r", b",", b" ", b"\t"
ZERO = ord("0")
# Project and voter ids up to this many UTF-8 bytes are compared as numbers (two 64-bit words).
KEY_BYTES = 16
# Stirs a key's bits for hashing (2**64 / golden ratio); a match is then checked exactly.
MIX = np.uint64(0x9E3779B97F4A7C15)
# Points of up to 18 digits fit a signed 64-bit integer.
MAX_DIGITS = 18


@dataclass(frozen=True, eq=False)
class VoteTable:
    """The rows of a VOTES section, every cell located but none decoded."""

    data: Bytes  # the section's bytes, newline-terminated rows
    header: tuple[str, ...]
    cell_ends: IntArray  # offset of the ";" or newline after each cell, row-major
    commas: IntArray  # offset of every comma
    crlf: bool  # rows end in "\r\n": the last cell ends before the "\r"
    plain_utf8: bool  # ASCII or two-byte UTF-8, known valid without decoding

    @property
    def width(self) -> int:
        return len(self.header)

    @property
    def rows(self) -> int:
        return len(self.cell_ends) // self.width

    def cell_bounds(self, column: int) -> tuple[IntArray, IntArray]:
        """Where each row's cell of ``column`` starts and ends (end excluded)."""
        ends = self.cell_ends[column :: self.width]
        if column:
            starts = self.cell_ends[column - 1 :: self.width] + 1
        else:
            row_ends = self.cell_ends[self.width - 1 :: self.width]
            starts = np.concatenate([[0], row_ends[:-1] + 1])[: len(ends)]
        if self.crlf and column == self.width - 1:
            ends = ends - 1
        return starts, ends

    def column(self, name: str) -> TextColumn:
        return TextColumn(self, self.header.index(name))

    def separator_after(self, column: int) -> bytes:
        if column < self.width - 1:
            return SEMICOLON
        return RETURN if self.crlf else NEWLINE


def vote_table(data: bytes, start: int, header: Sequence[str]) -> VoteTable | None:
    """Locate every cell of the VOTES rows, ``data[start:]`` (the file is not copied). None
    when they are not a plain table: quotes, a row (blank ones included) whose width
    differs from the header's, or carriage returns other than at the end of every row."""
    if data.find(b'"', start) >= 0:
        return None
    if len(data) > start and not data.endswith(NEWLINE):
        data += NEWLINE
    section = np.frombuffer(data, dtype=np.uint8, offset=start)
    # Two masks the size of the file, reused: a short process pays for every fresh page
    # it touches (a third of reading a city's file went to the kernel's page faults).
    is_end, found = section == SEMICOLON[0], np.empty(len(section), dtype=bool)
    is_end |= np.equal(section, NEWLINE[0], out=found)
    cell_ends = np.flatnonzero(is_end)
    width = len(header)
    if len(cell_ends) % width:
        return None
    # Every row ends after exactly width - 1 semicolons (so blank rows fail this too).
    row_ends = cell_ends[width - 1 :: width]
    if not bool((section[row_ends] == NEWLINE[0]).all()):
        return None
    if int(np.count_nonzero(found)) != len(row_ends):
        return None
    returns = int(np.count_nonzero(np.equal(section, RETURN[0], out=found)))
    if returns and (
        returns != len(row_ends) or not bool((section[row_ends - 1] == RETURN[0]).all())
    ):
        return None
    commas = np.flatnonzero(np.equal(section, COMMA[0], out=found))
    plain = _plain_utf8(section, found)
    return VoteTable(section, tuple(header), cell_ends, commas, bool(returns), plain)


def _plain_utf8(section: Bytes, mask: npt.NDArray[np.bool_]) -> bool:
    """True when the bytes are ASCII or well-formed two-byte UTF-8 (Polish, French, Dutch
    letters), checked without decoding them into a string; False means "ask the decoder"
    (three- and four-byte characters, or anything malformed)."""
    high = np.flatnonzero(np.greater_equal(section, 0x80, out=mask))
    if not len(high):
        return True
    values = section[high]
    lead = values >= 0xC2
    if bool((values >= 0xE0).any()) or bool(((values >= 0xC0) & ~lead).any()):
        return False
    # Each lead byte (C2–DF) is followed by one continuation byte (80–BF), and no other.
    return bool(np.array_equal(high[lead] + 1, high[~lead]))


@dataclass(frozen=True, eq=False)
class Ballots:
    """The ballots as written (a project named twice still twice), and every column as
    text (here decoded lazily; the general reading in :mod:`votes.pabulib` makes tuples)."""

    lengths: IntArray  # each ballot's number of marks
    marks: IntArray  # each mark's project index, ballot after ballot
    points: IntArray | None
    columns: Mapping[str, Sequence[str]]


def read_ballots(table: VoteTable, ids: Sequence[str], with_points: bool) -> Ballots | None:
    """The ballots of a plain table, or None when anything needs the cell-by-cell reading."""
    # A token that matches an id byte for byte has no spaces to strip (ids are stripped),
    # and points are plain digits: neither column needs stripping here.
    if with_points and "points" not in table.header:
        return None
    if not _voter_ids_distinct(table):
        return None
    votes = column_tokens(table, table.header.index("vote"))
    if votes is None:
        return None
    starts, lengths, counts = votes
    marks = project_indices(table.data, starts, lengths, ids)
    if marks is None:
        return None
    points = None
    if with_points:
        points = _points(table, counts)
        if points is None:
            return None
    columns = {name: table.column(name) for name in table.header}
    return Ballots(counts, marks, points, columns)


def column_tokens(table: VoteTable, column: int) -> tuple[IntArray, IntArray, IntArray] | None:
    """The entries of a comma-list column: where each starts, its length, and how many each
    row holds (an empty cell holds none). None for an empty entry such as ``1,,2`` (an
    error, which the general reading names)."""
    starts, ends = table.cell_bounds(column)
    commas = table.commas
    if not len(commas):  # one entry a cell (choose-1 files), none in an empty cell
        filled = ends > starts
        return starts[filled], (ends - starts)[filled], filled.astype(np.int64)
    inside = np.searchsorted(commas, ends) - np.searchsorted(commas, starts)
    if int(inside.sum()) != len(commas):  # commas in other columns too: keep this one's
        cells = np.searchsorted(table.cell_ends, commas)
        commas = commas[cells % table.width == column]
    filled = ends > starts
    counts = np.where(filled, inside + 1, 0)
    ptr = np.cumsum(counts)
    # A row's first entry starts its cell and its last ends it; the others lie between commas.
    first, last = (ptr - counts)[filled], ptr[filled] - 1
    entry_starts = np.empty(int(ptr[-1]) if len(ptr) else 0, dtype=np.int64)
    entry_ends = np.empty_like(entry_starts)
    between = np.ones(len(entry_starts), dtype=bool)
    between[first] = False
    entry_starts[first], entry_starts[between] = starts[filled], commas + 1
    between[first], between[last] = True, False
    entry_ends[last], entry_ends[between] = ends[filled], commas
    lengths = entry_ends - entry_starts
    if not bool(lengths.all()):
        return None
    return entry_starts, lengths, counts


def token_keys(data: Bytes, starts: IntArray, lengths: IntArray, words: int) -> Keys:
    """Each token's bytes, zero-padded to ``8 * words``, as native 64-bit words (n × words);
    tokens must be no longer than that."""
    keys = np.zeros((len(starts), 8 * words), dtype=np.uint8)
    at, byte = starts.copy(), np.empty(len(starts), dtype=np.uint8)  # reused: fewer pages
    for offset in range(int(lengths.max(initial=0))):
        np.take(data, at, mode="clip", out=byte)
        byte[lengths <= offset] = 0
        keys[:, offset] = byte
        at += 1
    return keys.view(np.uint64)


def _words(longest: int) -> int:
    return 1 if longest <= 8 else 2


def _hashed(keys: Keys) -> Keys:
    """One word per key, all of its bits stirred into the high ones (Fibonacci hashing;
    integer arrays wrap around silently). One-word keys map one to one (an odd factor)."""
    hashed = keys[:, 0] * MIX
    if keys.shape[1] == 2:
        hashed = (hashed + keys[:, 1]) * MIX
    return hashed


def _all_distinct(values: Keys) -> bool:
    ordered = np.sort(values)
    return not bool((ordered[1:] == ordered[:-1]).any())


def project_indices(
    data: Bytes, starts: IntArray, lengths: IntArray, ids: Sequence[str]
) -> IntArray | None:
    """Each token's index in ``ids``, matched by its bytes; None when any token is not an id
    (or an id is too long to be a key: then the general reading looks them up as text)."""
    encoded = [pid.encode() for pid in ids]
    if not ids or max(map(len, encoded)) > KEY_BYTES or min(map(len, encoded)) == 0:
        return None
    id_lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    longest = int(id_lengths.max())
    if int(lengths.max(initial=0)) > longest:
        return None  # longer than every id: not one of them
    id_starts = (np.cumsum(id_lengths) - id_lengths).astype(np.int64)
    buffer = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    known = token_keys(buffer, id_starts, id_lengths, _words(longest))
    keys = token_keys(data, starts, lengths, _words(longest))

    def wrong(at: IntArray, which: slice | IntArray) -> npt.NDArray[np.bool_]:
        return (known[at] != keys[which]).any(axis=1) | (id_lengths[at] != lengths[which])

    at = _by_hash(known, keys)
    missed = np.flatnonzero(wrong(at, slice(None)))
    if len(missed):  # ids whose hash slot another id took, or tokens that are no id
        at[missed] = _by_search(known, keys[missed])
        if wrong(at[missed], missed).any():
            return None
    return at


def _by_hash(known: Keys, keys: Keys) -> IntArray:
    """Each key's index in ``known`` if it is there, by one look into a hash table of 64 or
    more slots an id (a few ids may lose their slot to another: the caller checks)."""
    bits = max(8, len(known).bit_length() + 6)
    shift = np.uint64(64 - bits)
    table = np.zeros(1 << bits, dtype=np.int64)
    table[(_hashed(known) >> shift).astype(np.intp)] = np.arange(len(known))
    return table[(_hashed(keys) >> shift).astype(np.intp)]


def _by_search(known: Keys, keys: Keys) -> IntArray:
    hashed = _hashed(known)
    order = np.argsort(hashed)
    found = np.searchsorted(hashed[order], _hashed(keys))
    return order[np.minimum(found, len(known) - 1)].astype(np.int64)


def _voter_ids_distinct(table: VoteTable) -> bool:
    """True when no two voter ids are alike; False when some may be (the general reading
    then compares them as text and names the duplicate)."""
    starts, ends = table.cell_bounds(table.header.index("voter_id"))
    lengths = ends - starts
    longest = int(lengths.max(initial=0))
    if longest > KEY_BYTES:
        ids = table.column("voter_id").cells()  # long ids (Assen's are UUIDs): as text
        return len(set(ids)) == len(ids)
    keys = token_keys(table.data, starts, lengths, _words(longest))
    as_bytes = keys.view(np.uint8)
    if bool(((as_bytes == SPACE[0]) | (as_bytes == TAB[0])).any()):
        return False  # ids that differ only in spaces around them are the same id
    return _all_distinct(keys[:, 0] if keys.shape[1] == 1 else _hashed(keys))


def _points(table: VoteTable, marks_per_ballot: IntArray) -> IntArray | None:
    """The points column as integers, when every entry is plain digits and every ballot
    gives as many points as it marks projects."""
    read = column_tokens(table, table.header.index("points"))
    if read is None:
        return None
    starts, lengths, counts = read
    if not np.array_equal(counts, marks_per_ballot):
        return None
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    if int(lengths.max()) > MAX_DIGITS:
        return None
    values = np.zeros(len(starts), dtype=np.int64)
    for at in range(int(lengths.max())):
        more = lengths > at
        digit = table.data[np.where(more, starts + at, 0)].astype(np.int64) - ZERO
        if bool(((digit < 0) | (digit > 9))[more].any()):
            return None  # signs, decimals, anything else: the general reading
        values = np.where(more, values * 10 + digit, values)
    return values


class TextColumn(Sequence[str]):
    """One VOTES column as text, decoded from the file's bytes when it is first read.

    One cell (a warning naming the first voter) decodes just that cell; iterating decodes
    the whole column in one go. Cells are stripped when the column holds a space or a tab,
    as the text reading strips them. Compares equal to any sequence of the same strings.
    """

    __slots__ = ("_at", "_bounds", "_cells", "_table")

    def __init__(self, table: VoteTable, at: int) -> None:
        self._table, self._at = table, at
        self._bounds: tuple[IntArray, IntArray] | None = None  # found when first read
        self._cells: tuple[str, ...] | None = None

    def _cell_bounds(self) -> tuple[IntArray, IntArray]:
        if self._bounds is None:
            self._bounds = self._table.cell_bounds(self._at)
        return self._bounds

    def __len__(self) -> int:
        return self._table.rows

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice) or self._cells is not None:
            return self.cells()[index]
        starts, ends = self._cell_bounds()
        start, end = int(starts[index]), int(ends[index])
        text = self._table.data[start:end].tobytes().decode()
        if text == text.strip():
            return text  # the same stripped or not
        if " " in text or "\t" in text:
            return text.strip()  # then the column holds a space: it is stripped
        return self.cells()[index]  # whether to strip depends on the other cells

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells())

    def cells(self) -> tuple[str, ...]:
        if self._cells is None:
            self._cells = self._decode()
        return self._cells

    def _decode(self) -> tuple[str, ...]:
        # Each cell with the separator after it, gathered into one buffer: one decode and one
        # split for the whole column instead of one per cell.
        starts, ends = self._cell_bounds()
        if not len(starts):
            return ()
        spans = ends - starts + 1
        offsets = np.cumsum(spans) - spans
        gather = np.repeat(starts - offsets, spans) + np.arange(int(spans.sum()))
        text = self._table.data[gather].tobytes().decode()
        cells = text.split(self._table.separator_after(self._at).decode())[:-1]
        if " " in text or "\t" in text:
            return tuple(cell.strip() for cell in cells)
        return tuple(cells)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return self.cells() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextColumn({len(self)} cells)"
