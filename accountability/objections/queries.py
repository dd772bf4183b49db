"""Reads for the objection pages."""

from __future__ import annotations

from tortoise.expressions import Q

from accountability.objections.models import Objection
from core.principal import Principal, governed_scope
from projects.models import Process, Proposal
from votes.ballots.boxes import ON_BALLOT

RELATED = ("process", "process__area", "proposal", "proposal__area", "author_area")


async def public_list(process: Process) -> list[Objection]:
    return list(await Objection.filter(process=process).select_related(*RELATED))


async def candidates(process: Process) -> list[Proposal]:
    """Projects an objection may name: every one that stood on the ballot."""
    return list(
        await Proposal.filter(process=process, status__in=ON_BALLOT)
        .order_by("area_id", "id")
        .select_related("area")
    )


async def desk_list(user: Principal, *, open_only: bool) -> list[Objection]:
    """Objections this person answers: over the project's village, or over the process's
    area for objections to the whole list (see `area_path`)."""
    # The filer (name, phone) is loaded here only: the handler calls back, the public never
    # sees who filed (public_list leaves the author out).
    query = Objection.all().select_related(*RELATED, "author").order_by("answered_at", "id")
    if open_only:
        query = query.filter(answered_at__isnull=True)
    scope = governed_scope(
        user,
        lambda path: (
            Q(proposal__area__path__startswith=path)
            | Q(proposal_id=None, process__area__path__startswith=path)
        ),
    )
    query = query.filter(scope)
    return list(await query.limit(500))


async def one(objection_id: int) -> Objection | None:
    return await Objection.get_or_none(id=objection_id).select_related(*RELATED)


def area_path(objection: Objection) -> str:
    """Who answers: the officials over the project's village, or over the whole process."""
    area = objection.proposal.area if objection.proposal else objection.process.area
    return str(area.path)
