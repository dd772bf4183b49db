"""The officials' review queue (工作台): act on proposals without leaving the list."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.flash import flash
from core.formatting import fen_to_input
from core.forms import Form, read_form
from core.htmx import is_htmx
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render
from projects import permissions, queries
from projects.lookups import label_context, proposal_or_404
from projects.models import Proposal, ProposalStatus
from projects.services import review as service
from projects.validation import check_review

QUEUES = (ProposalStatus.SUBMITTED, ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)
ROW_RELATED = ("area", "process", "author")


def _review_form(proposal: Proposal) -> Form:
    reviewed = proposal.reviewed_cost_fen or proposal.total_cost_fen
    return Form(
        values={
            "reviewed_cost": fen_to_input(reviewed),
            "feasibility": proposal.feasibility.value if proposal.feasibility else "feasible",
            "official_answer": proposal.official_answer,
            "rejection_reason": proposal.rejection_reason,
            **_figures_values(proposal),
        }
    )


def _figures_values(proposal: Proposal) -> dict[str, str]:
    """The 一事一议 figures as the cadre last entered them; empty where none were yet."""

    def count(n: int) -> str:
        return str(n) if n else ""

    def money(fen: int) -> str:
        return fen_to_input(fen) if fen else ""

    return {
        "villager_funds": money(proposal.villager_funds_fen),
        "labour_days": count(proposal.labour_days),
        "donations": money(proposal.donations_fen),
        "requested_subsidy": money(proposal.requested_subsidy_fen),
        "beneficiaries_people": count(proposal.beneficiaries_people),
        "beneficiaries_households": count(proposal.beneficiaries_households),
        "meeting_kind": proposal.meeting_kind.value,
        "meeting_date": proposal.meeting_date.isoformat() if proposal.meeting_date else "",
        "meeting_eligible": count(proposal.meeting_eligible),
        "meeting_present": count(proposal.meeting_present),
        "meeting_in_favour": count(proposal.meeting_in_favour),
    }


@requires(Role.OFFICIAL)
async def review_queue(request: Request) -> Response:
    status = request.query_params.get("status", ProposalStatus.SUBMITTED.value)
    return await _desk_page(request, status)


async def _desk_page(
    request: Request, status: str, failed: tuple[int, Form] | None = None
) -> Response:
    """The queue; `failed` puts one row's refused form back in its place (a no-JS error)."""
    if status not in {s.value for s in QUEUES}:
        status = ProposalStatus.SUBMITTED.value
    proposals = await queries.review_queue(current_user(request), status)
    if failed and failed[0] not in {p.id for p in proposals}:
        # No longer in a queue (voting opened meanwhile): shown on top, so the refusal is seen.
        again = await Proposal.get(id=failed[0]).select_related(*ROW_RELATED)
        await again.fetch_related("attachments")
        proposals = [again, *proposals]
    forms = dict([failed]) if failed else {}
    rows = [(p, forms.get(p.id) or _review_form(p)) for p in proposals]
    context = {"rows": rows, "status": status, "queues": QUEUES, **label_context()}
    return render(
        request,
        "projects/desk_review.html",
        context,
        block="queue",
        status_code=400 if failed else 200,
    )


@requires(Role.OFFICIAL)
async def review_submit(request: Request) -> Response:
    user = current_user(request)
    proposal, process, area = await proposal_or_404(request)
    if not permissions.may_review(user, area.path):
        raise HTTPException(403)
    form, _data = await read_form(request)
    decision = check_review(form)
    if decision is not None:
        try:
            proposal = await service.proposal_review(user, proposal, process, decision)
        except service.ReviewRuleError as exc:
            form.add_error("decision", str(exc))
    if not is_htmx(request):
        if not form.ok:
            return await _desk_page(request, proposal.status.value, (proposal.id, form))
        flash(request, _("已审核「{title}」。").format(title=proposal.title))
        return RedirectResponse("/desk/proposals", status_code=303)
    await proposal.fetch_related(*ROW_RELATED, "attachments")
    context = {
        "proposal": proposal,
        "form": form if not form.ok else _review_form(proposal),
        "done": form.ok,
        **label_context(),
    }
    return render(
        request,
        "projects/desk_review_row.html",
        context,
    )
