"""我的: one query for each section of what a person has done, capped (the page offers
"更多"), and whether they have voted in each process of their area — from the voter mark
only (`VoterMark`: box and roster entry), never from a ballot: how they voted is sealed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from accountability.objections.models import Objection
from comments.models import Comment
from notify.models import Message
from projects.models import Phase, Process, Proposal, Support
from residents.models import RosterEntry
from votes.models import VoterMark

CAP = 5  # rows a section shows on /me
MORE = 50  # rows after "更多"
VOTED_PHASES = (
    Phase.VOTING,
    Phase.TALLYING,
    Phase.PUBLICITY,
    Phase.FUNDED,
    Phase.IMPLEMENTING,
    Phase.CLOSED,
)


T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    rows: list[T]
    more: bool  # there are rows beyond those shown


def _section(rows: list[T], limit: int) -> Section[T]:
    return Section(rows[:limit], len(rows) > limit)


async def proposals(user_id: int, limit: int) -> Section[Proposal]:
    rows = await Proposal.filter(author_id=user_id).order_by("-id").limit(limit + 1)
    return _section(list(rows), limit)


async def supports(user_id: int, limit: int) -> Section[Support]:
    rows = (
        await Support.filter(user_id=user_id)
        .select_related("proposal")
        .order_by("-id")
        .limit(limit + 1)
    )
    return _section(list(rows), limit)


async def comments(user_id: int, limit: int) -> Section[Comment]:
    """Comments on proposals (opinions on consultations have their own section)."""
    rows = (
        await Comment.filter(author_id=user_id, subject_type="proposal")
        .order_by("-id")
        .limit(limit + 1)
    )
    return _section(list(rows), limit)


async def objections(user_id: int, limit: int) -> Section[Objection]:
    rows = (
        await Objection.filter(author_id=user_id)
        .select_related("process", "proposal")
        .order_by("-id")
        .limit(limit + 1)
    )
    return _section(list(rows), limit)


async def messages(user_id: int, limit: int) -> Section[Message]:
    rows = await Message.filter(user_id=user_id).order_by("-id").limit(limit + 1)
    return _section(list(rows), limit)


@dataclass(frozen=True)
class Turnout:
    """One process of my area and whether I have voted in it (never how)."""

    process: Process
    voted: bool

    @property
    def open(self) -> bool:
        return self.process.phase == Phase.VOTING


async def my_processes(entry: RosterEntry | None) -> list[Turnout]:
    """Processes covering my verified village that have reached voting: two queries."""
    if entry is None:
        return []
    home = str((await entry.area).path)
    processes = await Process.filter(phase__in=VOTED_PHASES).select_related("area")
    mine = [p for p in processes if home.startswith(str(p.area.path))]
    marked = set(
        await VoterMark.filter(entry_id=entry.id).values_list("box__process_id", flat=True)
    )
    return [Turnout(p, p.id in marked) for p in sorted(mine, key=lambda p: -p.id)]


async def collecting_here(entry: RosterEntry | None) -> list[Process]:
    """Processes of my area that take proposals now: the next step after verification."""
    if entry is None:
        return []
    home = str((await entry.area).path)
    processes = await Process.filter(phase=Phase.COLLECTING).select_related("area")
    return [p for p in processes if home.startswith(str(p.area.path))]
