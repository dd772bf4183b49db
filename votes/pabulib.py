"""Pabulib ``.pb`` files (pabulib.org), the research standard for participatory-budgeting data.

A file has three ``;``-separated CSV sections, each a line ``META``, ``PROJECTS`` or ``VOTES``
followed by a header row. :func:`parse_pb` reads one into a :class:`PbDocument`: the tally's
:class:`~votes.rules.election.Election` plus everything else the file said (every META key,
every PROJECTS and VOTES column), so that :func:`dumps_pb` writes it back unchanged in meaning.

Counts always come from the VOTES section; :func:`disagreements` lists where the PROJECTS
``votes``/``score`` columns or META ``num_votes``/``num_projects`` say otherwise.

A ballot that names a project twice (real Warsaw 2026 files hold ``1557,1557,1543,…``) counts
it once, at its first place, with the points given there; :attr:`PbDocument.repeats` says how
many ballots did so, instead of the whole election being refused over them.

Speed matters because whole cities vote (Warsaw 2026: 61,668 ballots) and ``yishi pb tally``
is a process that starts, reads and tallies: META and PROJECTS go through the ``csv`` module
line by line, while the VOTES rows stay the file's bytes, read in bulk by
:mod:`votes.pabulib_votes` (voter ids and other columns are decoded only when read). A
section that reader cannot take, and every error, goes through the text reading here, cell
by cell, which names the problem and its line.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import methodcaller
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from votes import pabulib_votes
from votes.pabulib_votes import Ballots
from votes.rules.counting import count
from votes.rules.election import Election, IntArray, Threshold, VoteType

SECTIONS = ("meta", "projects", "votes")
BALLOT_COLUMNS = ("voter_id", "vote", "points")
THRESHOLD_KEY = "min_project_score_threshold"
# META ballot rules that `limit_breaches` checks the ballots against.
BALLOT_LIMITS = (
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_sum_points",
    "max_sum_points",
    "min_points",
    "max_points",
)
# Pabulib's marker for a project withdrawn after the vote ("so that greedy never selects it").
WITHDRAWN_COST = Decimal(999999999)
# Numbers beyond any real election: money, points and limits are counted in 64-bit integers
# (money in units of 10 ** -decimals), and 1e999999 would take minutes to even multiply.
MAX_NUMBER = Decimal(10) ** 12
MAX_DECIMALS = 4


def N_(message: str) -> str:
    """Marks a message for the catalogue (``pybabel extract -k N_``), as core.i18n.N_ does:
    this module imports nothing of core, so that a tally that succeeds never loads it."""
    return message


AT_LINE = N_("第 {line} 行：{message}")


class PabulibError(ValueError):
    """A malformed ``.pb`` file; ``line`` is 1-based where the problem was found. Messages
    name the file's own sections, keys and columns as the file writes them.

    ``template`` is a catalogue message id (Chinese) filled from ``values``: ``str()`` and
    ``message`` give the Chinese text, :meth:`translated` another language's, so that only
    the command that prints the error loads the catalogue."""

    def __init__(self, template: str, line: int | None = None, **values: object) -> None:
        self.line = line
        self.template = template
        self.values = values
        self.message = template.format(**values)
        super().__init__(self.translated(_untranslated))

    def translated(self, gettext: Callable[[str], str]) -> str:
        message = gettext(self.template).format(**self.values)
        if self.line is None:
            return message
        return gettext(AT_LINE).format(line=self.line, message=message)


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class RepeatedMarks:
    """Ballots that named a project more than once: each such project was counted once."""

    ballots: int
    marks: int  # the repeated marks dropped
    first_voter_id: str

    def __str__(self) -> str:
        return (
            f"{self.ballots} ballots name a project more than once; each counted once "
            f"({self.marks} repeated marks dropped; first: {self.first_voter_id})"
        )


@dataclass(frozen=True, eq=False)
class PbDocument:
    """One parsed ``.pb`` file. Cells are kept as text, stripped, except in ``election``."""

    meta: Mapping[str, str]
    project_columns: tuple[str, ...]
    project_rows: tuple[tuple[str, ...], ...]
    vote_columns: tuple[str, ...]
    voter_ids: Sequence[str]  # read lazily from the file's bytes (see votes.pabulib_votes)
    voter_fields: Mapping[str, Sequence[str]] = field(default_factory=dict)
    election: Election = field(kw_only=True)
    repeats: RepeatedMarks | None = field(default=None, kw_only=True)

    @property
    def rule(self) -> str | None:
        return self.meta.get("rule")

    def project_column(self, name: str) -> tuple[str, ...] | None:
        if name not in self.project_columns:
            return None
        at = self.project_columns.index(name)
        return tuple(row[at] for row in self.project_rows)

    def selected_ids(self) -> frozenset[str] | None:
        """Projects the file marks ``selected`` = 1 (chosen by the declared rule)."""
        column = self.project_column("selected")
        if column is None:
            return None
        ids = self.election.project_ids
        return frozenset(pid for pid, flag in zip(ids, column, strict=True) if flag == "1")

    def categories(self) -> tuple[frozenset[str], ...]:
        column = self.project_column("category") or self.project_column("categories")
        if column is None:
            return tuple(frozenset() for _ in self.project_rows)
        return tuple(frozenset(_split_list(cell)) for cell in column)


@dataclass(frozen=True)
class Disagreement:
    """A number the file states that the VOTES section does not bear out."""

    field: str
    project_id: str | None
    stated: str
    counted: int

    def __str__(self) -> str:
        where = f"项目 {self.project_id} 的 " if self.project_id is not None else ""
        return f"{where}{self.field}：文件写 {self.stated}，选票算出 {self.counted}"


# ---------------------------------------------------------------- reading


def read_pb(path: str | Path) -> PbDocument:
    return parse_pb(Path(path).read_bytes())


def parse_pb(source: str | bytes) -> PbDocument:
    """A ``.pb`` file from its text, or from its UTF-8 bytes (as :func:`read_pb` reads it:
    the VOTES rows are then never decoded as a whole)."""
    if isinstance(source, str):
        source = source.removeprefix("\ufeff").encode()
    data = source.removeprefix(BOM).removeprefix(BOM)
    try:
        return _parse(_ByteLines(data))
    except _LoneReturn:  # old Mac line ends: let io split the lines, as it always did
        return _parse(_TextLines(data))


def _parse(lines: _ByteLines | _TextLines) -> PbDocument:
    reader = _Rewind(csv.reader(lines, delimiter=";"))
    try:
        meta = _read_meta(reader)
        project_columns, project_rows, vote_header = _read_projects(reader)
        for required in ("voter_id", "vote"):
            if required not in vote_header:
                raise PabulibError(
                    N_("VOTES 的表头缺少 {column!r} 列"), _line(reader), column=required
                )
        votes = _VoteSection(*lines.rest(), vote_header, _line(reader) + 1)
        return _build(meta, project_columns, project_rows, votes)
    except csv.Error as error:  # e.g. a cell over the csv module's 128 KiB field limit
        raise PabulibError(N_("这一行无法读取：{error}"), _line(reader), error=error) from None


BOM = "\ufeff".encode()


class _ByteLines:
    """The file's lines as text for the csv module, decoded one at a time, so that what
    follows the VOTES header stays bytes (:meth:`rest`)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def __iter__(self) -> _ByteLines:
        return self

    def __next__(self) -> str:
        if self.at >= len(self.data):
            raise StopIteration
        end = self.data.find(b"\n", self.at)
        end = len(self.data) if end < 0 else end + 1
        line = self.data[self.at : end].decode()
        self.at = end
        cr = line.find("\r")
        if cr >= 0 and not (cr == len(line) - 2 and line.endswith("\n")):
            raise _LoneReturn
        return line

    def rest(self) -> tuple[bytes, int]:
        """The bytes after the lines read so far, as the file and an offset (no copy)."""
        return self.data, self.at


class _LoneReturn(Exception):
    """A carriage return that does not end a line before a newline."""


class _TextLines:
    """Lines as :class:`io.StringIO` splits them: for files whose lines may end in a lone
    carriage return (old Mac files), which a split at newlines would not see."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.StringIO(data.decode(), newline="")

    def __iter__(self) -> _TextLines:
        return self

    def __next__(self) -> str:
        return next(self.stream)

    def rest(self) -> tuple[bytes, int]:
        return self.stream.read().encode(), 0


def _cells(row: Sequence[str]) -> list[str]:
    return [cell.strip() for cell in row]


def _is_blank(row: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in row)


def _section_of(row: Sequence[str]) -> str | None:
    if row and len([c for c in row if c.strip()]) == 1 and row[0].strip().lower() in SECTIONS:
        return row[0].strip().lower()
    return None


_WRONG_SECTION = N_("这里应是 {expected} 部分，却是 {found} 部分")
_NO_HEADER = N_("{section} 部分没有表头行")
_MISSING_SECTION = N_("缺少 {section} 部分")


def _expect_section(reader: Iterator[list[str]], name: str, line: int) -> list[str]:
    """Skip blank lines up to the section line ``name``; return its header row."""
    for row in reader:
        if _is_blank(row):
            continue
        found = _section_of(row)
        if found != name:
            raise _not_the_section(name, found, row, _line(reader))
        header = next(reader, None)
        if header is None or _is_blank(header):
            raise PabulibError(_NO_HEADER, _line(reader), section=name.upper())
        return _cells(header)
    raise PabulibError(_MISSING_SECTION, line, section=name.upper())


def _not_the_section(name: str, found: str | None, row: list[str], line: int) -> PabulibError:
    if found:
        return PabulibError(_WRONG_SECTION, line, expected=name.upper(), found=found.upper())
    message = N_("这里应是 {expected} 部分，却是 {text!r}")
    return PabulibError(message, line, expected=name.upper(), text=";".join(row)[:40])


def _line(reader: Iterator[list[str]]) -> int:
    return int(getattr(reader, "line_num", 0))


def _read_meta(reader: Iterator[list[str]]) -> dict[str, str]:
    _expect_section(reader, "meta", 1)
    meta: dict[str, str] = {}
    for row in reader:
        if _is_blank(row):
            continue
        found = _section_of(row)
        if found == "projects":
            _push_back(reader, row)
            return meta
        if found is not None:
            raise PabulibError(
                _WRONG_SECTION, _line(reader), expected="PROJECTS", found=found.upper()
            )
        if len(row) < 2:
            raise PabulibError(N_("META 的每一行要有键和值"), _line(reader))
        # Free-text comments sometimes carry an unquoted ";": keep the whole value.
        meta[row[0].strip()] = ";".join(row[1:]).strip()
    raise PabulibError(_MISSING_SECTION, _line(reader), section="PROJECTS")


class _Rewind:
    """A csv reader that can give back the one row it read too far."""

    def __init__(self, reader: Iterator[list[str]]) -> None:
        self.reader = reader
        self.pending: list[list[str]] = []

    def __iter__(self) -> _Rewind:
        return self

    def __next__(self) -> list[str]:
        return self.pending.pop() if self.pending else next(self.reader)

    @property
    def line_num(self) -> int:
        return _line(self.reader)


def _push_back(reader: Iterator[list[str]], row: list[str]) -> None:
    if not isinstance(reader, _Rewind):
        raise TypeError("reader cannot push back")
    reader.pending.append(row)


def _read_projects(
    reader: Iterator[list[str]],
) -> tuple[tuple[str, ...], list[tuple[tuple[str, ...], int]], list[str]]:
    header = _expect_section(reader, "projects", _line(reader))
    for required in ("project_id", "cost"):
        if required not in header:
            raise PabulibError(
                N_("PROJECTS 的表头缺少 {column!r} 列"), _line(reader), column=required
            )
    rows: list[tuple[tuple[str, ...], int]] = []
    for row in reader:
        if _is_blank(row):
            continue
        if _section_of(row) == "votes":
            vote_header = next(reader, None)
            if vote_header is None or _is_blank(vote_header):
                raise PabulibError(_NO_HEADER, _line(reader), section="VOTES")
            return tuple(header), rows, _cells(vote_header)
        rows.append((_fit_row(row, len(header), "PROJECTS", _line(reader)), _line(reader)))
    raise PabulibError(_MISSING_SECTION, _line(reader), section="VOTES")


def _fit_row(row: list[str], width: int, section: str, line: int) -> tuple[str, ...]:
    cells = _cells(row)
    # A trailing ";" adds empty cells that carry nothing: tolerate those, nothing else.
    while len(cells) > width and cells[-1] == "":
        cells.pop()
    if len(cells) != width and _section_of(cells) is not None:
        message = N_("{section} 部分之后还有别的部分：顺序应为 META、PROJECTS、VOTES")
        raise PabulibError(message, line, section=section)
    if len(cells) != width:
        message = N_("{section} 的这一行有 {cells} 格，表头有 {width} 格")
        raise PabulibError(message, line, section=section, cells=len(cells), width=width)
    return tuple(cells)


@dataclass(frozen=True)
class _VoteSection:
    """The file's bytes, where its VOTES rows start (after the header) and that line."""

    data: bytes
    start: int
    header: list[str]
    first_line: int


@dataclass
class _VoteRows:
    header: list[str]
    columns: list[list[str]]  # column-major cells
    lines: list[int]  # the file line of each row


def _vote_rows(rest: str, header: list[str], first_line: int) -> _VoteRows:
    """The VOTES rows as text, row by row where need be, for the general reading."""
    if '"' in rest:
        return _slow_vote_rows(rest, header, first_line)
    raw = rest.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    width = len(header)
    if "" in raw or set(map(methodcaller("count", ";"), raw)) != {width - 1}:
        return _uneven_vote_rows(raw, header, first_line)
    # Every row has the header's width: split the whole section at once, then slice columns.
    cells = ";".join(raw).split(";")
    columns = [cells[at::width] for at in range(width)]
    return _VoteRows(header, columns, list(range(first_line, first_line + len(raw))))


def _uneven_vote_rows(raw: list[str], header: list[str], first_line: int) -> _VoteRows:
    """Blank lines, trailing semicolons or malformed rows: go row by row."""
    kept = [i for i, text in enumerate(raw) if text and not text.isspace()]
    rows = [_fit_row(raw[i].split(";"), len(header), "VOTES", first_line + i) for i in kept]
    columns = [list(col) for col in zip(*rows, strict=True)] or [[] for _ in header]
    return _VoteRows(header, columns, [first_line + i for i in kept])


def _slow_vote_rows(rest: str, header: list[str], first_line: int) -> _VoteRows:
    """Quoted cells: let the csv module read them."""
    inner = csv.reader(io.StringIO(rest, newline=""), delimiter=";")
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    for row in inner:
        if _is_blank(row):
            continue
        line = first_line + inner.line_num - 1
        rows.append(_fit_row(row, len(header), "VOTES", line))
        lines.append(line)
    columns = [list(col) for col in zip(*rows, strict=True)] or [[] for _ in header]
    return _VoteRows(header, columns, lines)


# ---------------------------------------------------------------- building the election


def _number(text: str, what: str, line: int | None) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise PabulibError(N_("{what} 不是数字：{text!r}"), line, what=what, text=text) from None
    if not value.is_finite() or value < 0:
        raise PabulibError(N_("{what} 必须是不小于 0 的数：{text!r}"), line, what=what, text=text)
    if value > MAX_NUMBER or -int(value.normalize().as_tuple().exponent) > MAX_DECIMALS:
        raise PabulibError(
            N_("{what} 超出范围（最大 {maximum:.0f}，最多 {decimals} 位小数）：{text!r}"),
            line,
            what=what,
            maximum=MAX_NUMBER,
            decimals=MAX_DECIMALS,
            text=text[:40],
        )
    return value


def _decimals(values: Iterable[Decimal]) -> int:
    return max((max(0, -int(v.normalize().as_tuple().exponent)) for v in values), default=0)


def _build(
    meta: dict[str, str],
    project_columns: tuple[str, ...],
    project_rows: list[tuple[tuple[str, ...], int]],
    votes: _VoteSection,
) -> PbDocument:
    vote_type = _vote_type(meta)
    id_at = project_columns.index("project_id")
    cost_at = project_columns.index("cost")
    ids = [row[id_at] for row, _ in project_rows]
    _refuse_duplicates(ids, [line for _, line in project_rows], "project_id")
    costs = [_number(row[cost_at], "cost", line) for row, line in project_rows]
    if "budget" not in meta:
        raise PabulibError(N_("META 缺少 budget（预算）"))
    budget = _number(meta["budget"], "budget", None)
    for limit in BALLOT_LIMITS:  # read now: a bad limit is a problem of the file, said here
        if meta.get(limit):
            _number(meta[limit], limit, None)
    decimals = _decimals([budget, *costs])
    scale = Decimal(10) ** decimals
    ballots = _read_ballots(votes, ids, vote_type)
    voter_ids = ballots.columns["voter_id"]
    voter_ptr, project_idx, points, repeats = _without_repeats(ballots, len(ids), voter_ids)
    election = Election(
        project_ids=tuple(ids),
        costs=np.array([int(c * scale) for c in costs], dtype=np.int64),
        budget=int(budget * scale),
        voter_ptr=voter_ptr,
        project_idx=project_idx,
        vote_type=vote_type,
        points=points,
        threshold=_threshold(meta),
        withdrawn=frozenset(pid for pid, c in zip(ids, costs, strict=True) if c == WITHDRAWN_COST),
        max_ballot_length=_optional_int(meta, "max_length"),
        money_decimals=decimals,
        meta=meta,
    )
    extra = {name: column for name, column in ballots.columns.items() if name not in BALLOT_COLUMNS}
    return PbDocument(
        meta=MappingProxyType(dict(meta)),
        project_columns=project_columns,
        project_rows=tuple(row for row, _ in project_rows),
        vote_columns=tuple(votes.header),
        voter_ids=voter_ids,
        voter_fields=MappingProxyType(extra),
        election=election,
        repeats=repeats,
    )


def _vote_type(meta: Mapping[str, str]) -> VoteType:
    text = meta.get("vote_type", "").strip().lower()
    try:
        return VoteType(text)
    except ValueError:
        known = ", ".join(v.value for v in VoteType)
        raise PabulibError(
            N_("META 的 vote_type {text!r} 不是 {known} 之一"), text=text, known=known
        ) from None


def _optional_int(meta: Mapping[str, str], key: str) -> int | None:
    if not meta.get(key):
        return None
    return math.ceil(_number(meta[key], key, None))


def _threshold(meta: Mapping[str, str]) -> Threshold | None:
    # Scores are whole numbers, so "at least 49.5" means "at least 50".
    minimum = _optional_int(meta, THRESHOLD_KEY)
    return None if minimum is None else Threshold(min_score=minimum)


def _column(votes: _VoteRows, name: str) -> list[str]:
    return _stripped(votes.columns[votes.header.index(name)])


def _stripped(column: list[str]) -> list[str]:
    joined = "".join(column)
    if " " not in joined and "\t" not in joined:
        return column  # nothing to strip: skip a pass over every ballot
    return [cell.strip() for cell in column]


def _refuse_duplicates(values: Sequence[str], lines: Sequence[int], what: str) -> None:
    if len(set(values)) == len(values):
        return
    seen: set[str] = set()
    for value, line in zip(values, lines, strict=True):
        if value in seen:
            raise PabulibError(N_("{what} {value!r} 重复"), line, what=what, value=value)
        seen.add(value)


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def _tokens(cells: list[str], lines: list[int], what: str) -> tuple[list[str], IntArray]:
    """Split comma lists in bulk; return all tokens and each row's token count."""
    commas = np.fromiter(map(methodcaller("count", ","), cells), np.int64, len(cells))
    lengths = np.where(np.fromiter(map(bool, cells), bool, len(cells)), commas + 1, 0)
    joined = ",".join(cell for cell in cells if cell)
    tokens = joined.split(",") if joined else []
    if " " in joined or "\t" in joined:
        tokens = [token.strip() for token in tokens]
    if "" in tokens:
        at = next(i for i, cell in enumerate(cells) if "" in cell.split(","))
        raise PabulibError(
            N_("{what} 列表 {cell!r} 中有空项"), lines[at], what=what, cell=cells[at]
        )
    return tokens, lengths


def _read_ballots(votes: _VoteSection, ids: list[str], vote_type: VoteType) -> Ballots:
    """From the bytes in bulk when the section is plain (all real files), else as text."""
    data, start = votes.data, votes.start
    table = pabulib_votes.vote_table(data, start, votes.header)
    if table is not None:
        if not table.plain_utf8:  # refuse a file that is not UTF-8 now, not when read
            str(memoryview(data)[start:], "utf-8")
        bulk = pabulib_votes.read_ballots(table, ids, vote_type.has_points)
        if bulk is not None:
            return bulk
    text = data[start:].decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = _vote_rows(text, votes.header, votes.first_line)
    return _ballots_from_text(rows, ids, vote_type)


def _ballots_from_text(votes: _VoteRows, ids: list[str], vote_type: VoteType) -> Ballots:
    """Token by token: the reading that names every problem and its line."""
    named = zip(votes.header, votes.columns, strict=True)
    columns = {name: _stripped(column) for name, column in named}
    _refuse_duplicates(columns["voter_id"], votes.lines, "voter_id")
    tokens, lengths = _tokens(columns["vote"], votes.lines, "vote")
    voter_ptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=voter_ptr[1:])
    project_idx = _project_indices(tokens, ids, voter_ptr, votes.lines)
    points = None
    if vote_type.has_points:
        if "points" not in votes.header:
            raise PabulibError(
                N_("{vote_type} 选票需要 VOTES 中的 'points' 列"), vote_type=vote_type
            )
        points = _points(votes, lengths)
    texts = {name: tuple(column) for name, column in columns.items()}
    return Ballots(lengths, project_idx, points, texts)


def _without_repeats(
    ballots: Ballots, n_projects: int, voter_ids: Sequence[str]
) -> tuple[IntArray, IntArray, IntArray | None, RepeatedMarks | None]:
    """The CSR arrays with each ballot's repeated projects dropped, and what was dropped."""
    lengths, project_idx, points = ballots.lengths, ballots.marks, ballots.points
    voter_ptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=voter_ptr[1:])
    repeated = _repeated_marks(project_idx, voter_ptr, n_projects)
    if repeated is None:
        return voter_ptr, project_idx, points, None
    keep = ~repeated
    voters = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    offenders = _distinct(voters[repeated])
    repeats = RepeatedMarks(len(offenders), int(repeated.sum()), voter_ids[int(offenders[0])])
    np.cumsum(np.bincount(voters[keep], minlength=len(lengths)), out=voter_ptr[1:])
    kept_points = None if points is None else points[keep]
    return voter_ptr, project_idx[keep], kept_points, repeats


def _distinct(values: IntArray) -> IntArray:
    """``np.unique`` without its import of ``numpy.ma`` (a fifth of numpy's start-up)."""
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def _repeated_marks(
    project_idx: IntArray, voter_ptr: IntArray, n_projects: int
) -> npt.NDArray[np.bool_] | None:
    """Marks naming a project their ballot already named (None when there are none)."""
    lengths = np.diff(voter_ptr)
    if len(lengths) == 0 or int(lengths.max()) < 2:
        return None  # one mark a ballot (choose-1 files): nothing can repeat
    voters = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    keys = voters * max(n_projects, 1) + project_idx
    ordered = np.sort(keys)  # a plain sort first: several times faster than a stable argsort
    if not bool((ordered[1:] == ordered[:-1]).any()):
        return None  # the usual case: no ballot repeats a project
    order = np.argsort(keys, kind="stable")  # stable: a ballot's first mark stays first
    ordered = keys[order]
    later = ordered[1:] == ordered[:-1]
    if not later.any():
        return None
    repeated = np.zeros(len(keys), dtype=bool)
    repeated[order[1:][later]] = True
    return repeated


def _row_of_mark(voter_ptr: IntArray, mark: int) -> int:
    return int(np.searchsorted(voter_ptr, mark, side="right")) - 1


def _project_indices(
    tokens: list[str], ids: list[str], voter_ptr: IntArray, lines: list[int]
) -> IntArray:
    index = {pid: i for i, pid in enumerate(ids)}
    try:
        return np.fromiter(map(index.__getitem__, tokens), np.int64, len(tokens))
    except KeyError as missing:
        at = tokens.index(missing.args[0])
        row = _row_of_mark(voter_ptr, at)
        unknown = missing.args[0]
        message = N_("选票中的项目 {project!r} 不在 PROJECTS 中")
        raise PabulibError(message, lines[row], project=unknown) from None


def _points(votes: _VoteRows, lengths: IntArray) -> IntArray:
    cells = _column(votes, "points")
    tokens, point_lengths = _tokens(cells, votes.lines, "points")
    mismatch = np.flatnonzero(point_lengths != lengths)
    if len(mismatch):
        row = int(mismatch[0])
        raise PabulibError(N_("points 与所投项目对不上"), votes.lines[row])
    try:
        return np.fromiter(map(int, tokens), np.int64, len(tokens))
    except (ValueError, OverflowError):  # decimals, or beyond 64 bits: checked one by one
        return _decimal_points(tokens, lengths, votes.lines)


def _decimal_points(tokens: list[str], lengths: IntArray, lines: list[int]) -> IntArray:
    ptr = np.concatenate([[0], np.cumsum(lengths)])
    values = []
    for at, token in enumerate(tokens):
        line = lines[_row_of_mark(ptr, at)]
        value = _number(token, "points", line)
        if value != value.to_integral_value():
            raise PabulibError(N_("points 必须是整数：{token!r}"), line, token=token)
        values.append(int(value))
    return np.array(values, dtype=np.int64)


# ---------------------------------------------------------------- checking


def disagreements(document: PbDocument) -> list[Disagreement]:
    """Where PROJECTS ``votes``/``score`` or META counts differ from the ballots."""
    election = document.election
    counts = count(election)
    found = _meta_disagreements(document)
    for column, counted in (("votes", counts.votes), ("score", counts.strength)):
        stated = document.project_column(column)
        if stated is None:
            continue
        for pid, text, number in zip(election.project_ids, stated, counted, strict=True):
            if text.lower() in ("", "none"):
                continue
            if _as_int(text) != int(number):
                found.append(Disagreement(column, pid, text, int(number)))
    return found


def _meta_disagreements(document: PbDocument) -> list[Disagreement]:
    election = document.election
    found = []
    for key, counted in (("num_projects", election.n_projects), ("num_votes", election.n_voters)):
        text = document.meta.get(key)
        if text is not None and _as_int(text) != counted:
            found.append(Disagreement(key, None, text, counted))
    return found


def _as_int(text: str) -> int | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > MAX_NUMBER:  # no count is that; and int(1e999999)
        return None  # alone takes most of a minute
    return int(value) if value == value.to_integral_value() else None


@dataclass(frozen=True)
class LimitBreach:
    """Ballots that break a ballot rule the META declares (e.g. more picks than max_length)."""

    limit: str
    allowed: str
    ballots: int
    first_voter_id: str

    def __str__(self) -> str:
        first = self.first_voter_id
        return f"{self.ballots} 张选票超出 {self.limit}={self.allowed}（第一张：{first}）"


@dataclass(frozen=True, eq=False)
class _Measure:
    values: IntArray
    is_minimum: bool
    per_mark: bool = False  # one value per marked project rather than per ballot


def _measure(election: Election, limit: str) -> _Measure | None:
    """What the META ballot rule ``limit`` limits, measured on every ballot (or every mark);
    None for a rule on points when the ballots carry none. Only what a declared rule needs
    is computed (most files limit the ballot length only)."""
    is_minimum = limit.startswith("min_")
    kind = limit.removeprefix("min_").removeprefix("max_")
    if kind == "length":
        return _Measure(election.ballot_lengths(), is_minimum)
    if kind == "sum_cost":
        return _Measure(_per_ballot(election, election.costs[election.project_idx]), is_minimum)
    if election.points is None:
        return None
    if kind == "sum_points":
        return _Measure(_per_ballot(election, election.points), is_minimum)
    return _Measure(election.points, is_minimum, per_mark=True)


def _per_ballot(election: Election, per_mark: IntArray) -> IntArray:
    """Each ballot's sum of a per-mark amount, in exact integers (money never in floats)."""
    running = np.concatenate([[0], np.cumsum(per_mark, dtype=np.int64)])
    return running[election.voter_ptr[1:]] - running[election.voter_ptr[:-1]]


def limit_breaches(document: PbDocument) -> list[LimitBreach]:
    """Count the ballots that break each ballot rule the META declares."""
    election = document.election
    money = 10**election.money_decimals  # costs are in money units, META limits in currency
    found = []
    for limit in BALLOT_LIMITS:
        text = document.meta.get(limit)
        measure = _measure(election, limit) if text else None
        if text is None or measure is None:
            continue
        bound = _number(text, limit, None) * (money if limit.endswith("_cost") else 1)
        values = measure.values
        # Values are whole numbers, so compare with the bound rounded the lenient way.
        if measure.is_minimum:
            broken = np.flatnonzero(values < math.ceil(bound))
        else:
            broken = np.flatnonzero(values > math.floor(bound))
        if measure.per_mark:
            broken = _distinct(election.voter_of_mark()[broken])
        if len(broken):
            first = document.voter_ids[int(broken[0])]
            found.append(LimitBreach(limit, text, len(broken), first))
    return found


# ---------------------------------------------------------------- writing


def dumps_pb(document: PbDocument) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(document.meta.items())
    writer.writerow(["PROJECTS"])
    writer.writerow(document.project_columns)
    writer.writerows(document.project_rows)
    writer.writerow(["VOTES"])
    writer.writerow(document.vote_columns)
    writer.writerows(zip(*_vote_columns(document), strict=True))
    return out.getvalue()


def write_pb(document: PbDocument, path: str | Path) -> None:
    Path(path).write_text(dumps_pb(document), encoding="utf-8")


def _vote_columns(document: PbDocument) -> list[Sequence[str]]:
    election = document.election
    ptr = election.voter_ptr.tolist()
    names = [election.project_ids[i] for i in election.project_idx.tolist()]
    votes = [",".join(names[a:b]) for a, b in itertools.pairwise(ptr)]
    columns: dict[str, Sequence[str]] = {"voter_id": document.voter_ids, "vote": votes}
    if election.points is not None:
        points = [str(p) for p in election.points.tolist()]
        columns["points"] = [",".join(points[a:b]) for a, b in itertools.pairwise(ptr)]
    columns.update(document.voter_fields)
    return [columns[name] for name in document.vote_columns]


def document_for(
    election: Election,
    *,
    meta: Mapping[str, str] | None = None,
    voter_ids: Sequence[str] | None = None,
    project_fields: Mapping[str, Sequence[str]] | None = None,
    voter_fields: Mapping[str, Sequence[str]] | None = None,
) -> PbDocument:
    """A document for an election that did not come from a file (Yishi's own ballot boxes)."""
    counts = count(election)
    decimals = election.money_decimals
    header = {
        **(meta or {}),
        "num_projects": str(election.n_projects),
        "num_votes": str(election.n_voters),
        "budget": _money_text(election.budget, election.money_decimals),
        "vote_type": str(election.vote_type),
    }
    if election.threshold is not None and election.threshold.min_score is not None:
        header[THRESHOLD_KEY] = str(election.threshold.min_score)
    if election.max_ballot_length is not None:
        header["max_length"] = str(election.max_ballot_length)
    costs = [
        str(WITHDRAWN_COST) if pid in election.withdrawn else _money_text(int(c), decimals)
        for pid, c in zip(election.project_ids, election.costs.tolist(), strict=True)
    ]
    columns: dict[str, Sequence[str]] = {
        "project_id": election.project_ids,
        "cost": costs,
        "votes": [str(v) for v in counts.votes.tolist()],
    }
    if counts.score is not None:
        columns["score"] = [str(s) for s in counts.score.tolist()]
    columns.update(project_fields or {})
    ids = voter_ids if voter_ids is not None else [str(v + 1) for v in range(election.n_voters)]
    ballot_columns = ["voter_id", "vote"] + (["points"] if election.points is not None else [])
    extra = {name: tuple(values) for name, values in (voter_fields or {}).items()}
    return PbDocument(
        meta=MappingProxyType(header),
        project_columns=tuple(columns),
        project_rows=tuple(zip(*columns.values(), strict=True)),
        vote_columns=(*ballot_columns, *extra),
        voter_ids=tuple(ids),
        voter_fields=MappingProxyType(extra),
        election=election,
    )


def _money_text(amount: int, decimals: int) -> str:
    if not decimals:
        return str(amount)
    whole, part = divmod(amount, 10**decimals)
    return f"{whole}.{part:0{decimals}d}"
