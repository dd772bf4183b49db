"""Importing a roster (居民名册导入): all rows good or nothing written, in one transaction.

The scope is an area the importer governs; every row must name a village or community
inside it, and the file becomes the roster of every village and community in the scope:
listed people are added or updated, unlisted ones removed — unless they have voted or an
account is linked to them (verified), which are kept and counted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import pandas as pd
from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.models import Area, AreaKind
from core.principal import Principal
from core.refusals import Forbidden
from core.tabular import CellError, TableError
from residents import hooks, idcard, permissions
from residents.reading import RosterSource
from residents.store import MergeCounts, RosterWriter
from residents.validation import ERROR_CAP, Place, RosterChecker, StagedRow, find_columns

LIVING = (AreaKind.VILLAGE, AreaKind.COMMUNITY)
Progress = Callable[[int, str], None]  # rows done, what is happening


class NotYourArea(Forbidden):
    """The importer does not govern the chosen scope."""


class VotingUnderWay(TableError):
    """A process covering the scope is voting: its electorate cannot change (a roster
    imported mid-vote could add people for whom paper ballots are then entered). Refused
    whole, with the process named; a TableError, so the page and the command line say it."""


@dataclass(frozen=True)
class ImportReport:
    rows: int = 0
    counts: MergeCounts | None = None
    errors: list[CellError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.counts is not None


class _Refused(Exception):
    """Raised inside the transaction so that it rolls back."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("refused")
        self.report = report


async def places() -> dict[str, Place]:
    rows = await Area.all().values("id", "code", "name", "kind", "path")
    return {r["code"]: Place(r["id"], r["name"], r["path"], r["kind"] in LIVING) for r in rows}


async def roster_import(
    actor: Principal | None, scope: Area, source: RosterSource, on_progress: Progress | None = None
) -> ImportReport:
    """Import `source` as the roster of `scope`. `actor` None: the command line."""
    if actor is not None and not permissions.may_import_roster(actor, scope):
        raise NotYourArea
    chunks = source.chunks
    first = await asyncio.to_thread(next, chunks, None)
    if first is None or first.empty:
        raise TableError(_("文件中没有数据行"))
    columns, missing = find_columns(first)
    if missing:
        return ImportReport(errors=[missing], error_count=1)
    known = await places()
    scope_place = Place(scope.id, scope.name, scope.path, scope.kind in LIVING)
    checker = RosterChecker(columns, known, scope_place, idcard.hash_key())
    try:
        async with in_transaction() as conn:
            refusal = await hooks.roster_change_refusal(conn, scope)
            if refusal:
                raise VotingUnderWay(refusal)
            writer = RosterWriter(conn, scope.path)
            await writer.begin()
            rows = await _write_all(writer, checker, first, chunks, on_progress)
            _note_duplicates(checker, await writer.duplicates(ERROR_CAP), columns["id_number"])
            _note_elsewhere(
                checker, await writer.elsewhere(_district(scope), ERROR_CAP), columns["id_number"]
            )
            if checker.problems.count:
                raise _Refused(
                    ImportReport(rows, None, checker.problems.sorted(), checker.problems.count)
                )
            if on_progress:
                on_progress(rows, _("整理名册"))
            counts = await writer.finish()
            await audit.record(
                actor,
                "roster.import",
                ("area", scope.code),
                f"导入居民名册 {source.filename}（{scope.name}）：{rows} 行，新增 {counts.added}，"
                f"移出 {counts.removed}，保留已核验或已投票 {counts.kept}",
                after={"file": source.filename, "rows": rows, **asdict(counts)},
            )
    except _Refused as refused:
        return refused.report
    return ImportReport(rows, counts)


def _read_and_check(
    checker: RosterChecker, chunk: pd.DataFrame | None, rest: Iterator[pd.DataFrame]
) -> tuple[int, list[StagedRow]] | None:
    """Off the event loop: parse the next chunk (unless given) and check it."""
    if chunk is None:
        chunk = next(rest, None)
    return None if chunk is None else (len(chunk), checker.check(chunk))


async def _write_all(
    writer: RosterWriter,
    checker: RosterChecker,
    first: pd.DataFrame,
    rest: Iterator[pd.DataFrame],
    on_progress: Progress | None,
) -> int:
    """Chunk after chunk; while the database writes one, a thread checks the next.

    Rows are upserted only while the file is clean so far; after the first problem the
    rest is only checked and staged, to list every problem, and the transaction rolls back.
    """
    rows = 0
    checking = asyncio.ensure_future(asyncio.to_thread(_read_and_check, checker, first, rest))
    try:
        while (done := await checking) is not None:
            count, staged = done
            clean = checker.problems.count == 0
            checking = asyncio.ensure_future(
                asyncio.to_thread(_read_and_check, checker, None, rest)
            )
            await writer.add(staged, write=clean)
            rows += count
            if on_progress:
                on_progress(rows, _("检查并写入"))
    finally:
        if not checking.done():  # a write failed: let the thread finish before unwinding
            await asyncio.wait([checking])
    return rows


def _district(scope: Area) -> str:
    """The path of the district (the root of the area tree) the scope lies in."""
    return "/" + scope.path.strip("/").split("/")[0] + "/"


def _note_elsewhere(checker: RosterChecker, found: list[tuple[int, str]], column: str) -> None:
    for row, area in found:
        checker.problems.add(
            row,
            column,
            _("此身份证号已在「{area}」的名册中（同一区县内一人只能在一份名册上）").format(
                area=area
            ),
        )


def _note_duplicates(checker: RosterChecker, pairs: list[tuple[int, int]], column: str) -> None:
    for row, first in pairs:
        checker.problems.add(row, column, _("身份证号与第 {row} 行重复").format(row=first))
