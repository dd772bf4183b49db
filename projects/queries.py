"""Reads for the projects pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core import clock
from core.forms import parse_id
from core.models import Area, AreaKind
from core.principal import Principal, governed_scope
from projects.models import (
    Category,
    Heading,
    Phase,
    PhaseLog,
    Process,
    Proposal,
    ProposalStatus,
    Support,
)
from projects.rules import ORDER

PAGE_SIZE = 12
PUBLIC_STATUSES = [s for s in ProposalStatus if s != ProposalStatus.DRAFT]


@dataclass(frozen=True)
class ProposalFilters:
    area: str = ""
    category: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params: dict[str, str]) -> ProposalFilters:
        return cls(
            area=params.get("area", "")[:12],
            category=params.get("category", "") if params.get("category") in set(Category) else "",
            status=params.get("status", "") if params.get("status") in set(PUBLIC_STATUSES) else "",
            page=max(1, parse_id(params.get("page")) or 1),
        )


@dataclass(frozen=True)
class TimelineStep:
    phase: Phase
    entered_at: dt.datetime | None
    current: bool
    done: bool


async def public_processes() -> list[Process]:
    return await Process.exclude(phase=Phase.DRAFT).select_related("area").order_by("-id")


@dataclass(frozen=True)
class OpenProcess:
    process: Process
    days_left: int | None  # until the current phase's planned end, when there is one


async def open_processes(today: dt.date | None = None) -> list[OpenProcess]:
    """Processes residents can take part in now (collecting or voting), for the home page."""
    today = today or clock.today()
    found = (
        await Process.filter(phase__in=[Phase.COLLECTING, Phase.VOTING])
        .select_related("area")
        .order_by("-id")
    )
    return [OpenProcess(p, _days_left(p, today)) for p in found]


async def published_processes(limit: int = 4) -> list[Process]:
    """The latest processes whose results are out (公示 and after), for the home page."""
    done = ORDER[ORDER.index(Phase.PUBLICITY) :]
    return list(
        await Process.filter(phase__in=done).select_related("area").order_by("-id").limit(limit)
    )


def _days_left(process: Process, today: dt.date) -> int | None:
    end = process.collecting_end if process.phase == Phase.COLLECTING else process.voting_end
    return None if end is None else max(0, (end - today).days)


async def timeline(process: Process) -> list[TimelineStep]:
    entered = {log.phase: log.entered_at for log in await PhaseLog.filter(process=process)}
    now = ORDER.index(process.phase)
    return [TimelineStep(p, entered.get(p), i == now, i < now) for i, p in enumerate(ORDER)]


async def headings(process: Process) -> list[Heading]:
    return await Heading.filter(process=process).select_related("area").order_by("area__path")


async def villages_in(area: Area) -> list[Area]:
    return await Area.filter(
        path__startswith=area.path, kind__in=[AreaKind.VILLAGE, AreaKind.COMMUNITY]
    ).order_by("path")


def public_proposals(process: Process, filters: ProposalFilters) -> QuerySet[Proposal]:
    """The proposals the public list shows (no drafts), filtered; the page, the API and the
    CSV download all read this one query."""
    query = Proposal.filter(process=process, status__in=PUBLIC_STATUSES)
    if filters.area:
        query = query.filter(area__path__contains=f"/{filters.area}/")
    if filters.category:
        query = query.filter(category=filters.category)
    if filters.status:
        query = query.filter(status=filters.status)
    return query


async def proposal_page(
    process: Process, filters: ProposalFilters
) -> tuple[list[Proposal], int, int]:
    """(proposals on this page, total count, number of pages)."""
    query = public_proposals(process, filters)
    total = await query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    found = await (
        query.order_by("-support_count", "id")
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .select_related("area")
        .prefetch_related("attachments")
    )
    return found, total, pages


async def my_proposals(user: Principal) -> list[Proposal]:
    return (
        await Proposal.filter(author_id=user.id).select_related("process", "area").order_by("-id")
    )


async def has_supported(user: Principal | None, proposal: Proposal) -> bool:
    if user is None:
        return False
    return await Support.filter(proposal=proposal, user_id=user.id).exists()


async def review_queue(user: Principal, status: str) -> list[Proposal]:
    """Proposals awaiting (or past) review in the areas this person governs."""
    query = Proposal.filter(
        status=status, process__phase__in=[Phase.COLLECTING, Phase.REVIEWING]
    ).select_related("area", "process", "author")
    scope = governed_scope(user, lambda path: Q(area__path__startswith=path))
    query = query.filter(scope)
    # Photos go on each row: the reviewer sees the place without opening the proposal.
    return await query.order_by("submitted_at", "id").limit(200).prefetch_related("attachments")
