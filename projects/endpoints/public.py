"""Public pages: processes, a process with its proposals, a proposal."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from comments.endpoints import labels as comment_labels
from comments.queries import thread_for
from core.permissions import signed_in
from core.principal import Principal
from core.templating import render
from projects import hooks, offers, permissions, queries
from projects.lookups import label_context, process_or_404, proposal_or_404
from projects.models import Phase, Process
from projects.queries import ProposalFilters
from projects.subjects import proposal_subject


async def process_list(request: Request) -> Response:
    context = {"processes": await queries.public_processes(), **label_context()}
    return render(request, "projects/process_list.html", context)


async def process_detail(request: Request) -> Response:
    process = await process_or_404(request)
    user = signed_in(request)
    if process.phase == Phase.DRAFT and not (user and user.governs(process.area.path)):
        raise HTTPException(404)
    filters = ProposalFilters.from_query(dict(request.query_params))
    proposals, total, pages = await queries.proposal_page(process, filters)
    context = {
        "process": process,
        "timeline": await queries.timeline(process),
        "headings": await queries.headings(process),
        "villages": await queries.villages_in(process.area),
        "proposals": proposals,
        "total": total,
        "pages": pages,
        "filters": filters,
        **await _offers(user, process),
        **label_context(),
    }
    return render(request, "projects/process_detail.html", context, block="proposals")


async def _offers(user: Principal | None, process: Process) -> dict[str, object]:
    can_propose, propose_why = await offers.propose(user, process)
    can_vote, vote_why = await offers.vote(user, process)
    return {
        "can_propose": can_propose,
        "propose_why": propose_why,
        "can_vote": can_vote,
        "vote_why": vote_why,
    }


async def proposal_detail(request: Request) -> Response:
    proposal, process, area = await proposal_or_404(request)
    user = signed_in(request)
    if not permissions.may_see(user, proposal, area.path):
        raise HTTPException(404)
    attachments = await proposal.attachments.all().order_by("id")
    may_support, support_why = await offers.support(user, proposal, process)
    context = {
        "proposal": proposal,
        "process": process,
        "area": area,
        "photos": [a for a in attachments if a.kind == "photo"],
        "documents": [a for a in attachments if a.kind == "pdf"],
        "may_edit": permissions.may_edit(user, proposal, area.path),
        "is_author": permissions.is_author(user, proposal),
        "supported": await queries.has_supported(user, proposal),
        "may_support": may_support,
        "support_why": support_why,
        "may_review": permissions.may_review(user, area.path),
        "thread": await thread_for(proposal_subject(proposal), user),
        **await hooks.story_context(proposal, process),
        **comment_labels(),
        **label_context(),
    }
    return render(request, "projects/proposal_detail.html", context, block="support")
