"""The ballot (投票): choose, watch the meter, review, cast, keep the receipt."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.forms import read_form
from core.i18n import gettext as _
from core.permissions import current_user, login_required
from core.templating import render
from projects.endpoints.common import label_context, process_or_404
from projects.models import Phase, Process
from votes.ballots import services
from votes.ballots.boxes import boxes_for, limits_of, pool_cost, proposals_in, votes_in
from votes.ballots.forms import marks_from
from votes.ballots.limits import meter
from votes.models import BallotBox, RosterEntry
from votes.rosters.eligibility import entry_is_eligible, verified_entry

RECEIPT_KEY = "ballot_receipt"


async def _voter(request: Request, process: Process) -> RosterEntry | None:
    entry = await verified_entry(current_user(request).id)
    if entry is None or not await entry_is_eligible(entry, process):
        return None
    return entry


async def _box_for_voter(request: Request) -> tuple[Process, BallotBox, RosterEntry]:
    # One query for the box, its area, its process and the process's area: every ballot
    # request (and each cast) starts here.
    box = await BallotBox.get_or_none(id=request.path_params["box_id"]).select_related(
        "area", "process", "process__area")
    if box is None:
        raise HTTPException(404)
    process: Process = box.process
    entry = await _voter(request, process)
    if entry is None or not await votes_in(box, entry):
        raise HTTPException(403, _("您不是这个投票箱的投票人"))
    return process, box, entry


@login_required
async def vote_start(request: Request) -> Response:
    process = await process_or_404(request)
    entry = await _voter(request, process)
    context = {"process": process, "boxes": [], "entry": entry, **label_context()}
    if process.phase == Phase.VOTING and entry is not None:
        boxes = await boxes_for(process, entry)
        if len(boxes) == 1:
            return RedirectResponse(f"/vote/{boxes[0].id}", status_code=303)
        context["boxes"] = boxes
    return render(request, "votes/vote_start.html", context)


async def _ballot_context(process: Process, box: BallotBox, entry: RosterEntry,
                          marks: dict[int, int]) -> dict[str, object]:
    proposals = await proposals_in(box)
    costs = {p.id: pool_cost(p, process) for p in proposals}
    limits = limits_of(process, box)
    return {
        "process": process, "box": box, "proposals": proposals, "costs": costs,
        "marks": marks, "limits": limits, "meter": meter(limits, marks, costs),
        "voted": await services.has_voted(box, entry), **label_context(),
    }


@login_required
async def ballot_page(request: Request) -> Response:
    """GET shows the ballot; POST re-shows it with the marks sent (back from review)."""
    process, box, entry = await _box_for_voter(request)
    marks: dict[int, int] = {}
    if request.method == "POST":
        form, _data = await read_form(request)
        marks = marks_from(form.values)
    context = await _ballot_context(process, box, entry, marks)
    return render(request, "votes/ballot.html", context)


@login_required
async def ballot_meter(request: Request) -> Response:
    """htmx: the sticky meter for the marks as they stand now."""
    process, box, entry = await _box_for_voter(request)
    form, _data = await read_form(request)
    context = await _ballot_context(process, box, entry, marks_from(form.values))
    return render(request, "votes/ballot.html", context, block="meter")


@login_required
async def ballot_review(request: Request) -> Response:
    process, box, entry = await _box_for_voter(request)
    form, _data = await read_form(request)
    marks = marks_from(form.values)
    context = await _ballot_context(process, box, entry, marks)
    found = await services.check_marks(process, box, marks)
    if found or process.phase != Phase.VOTING:
        context["errors"] = found or [_("投票尚未开始或已经结束")]
        return render(request, "votes/ballot.html", context, status_code=400)
    return render(request, "votes/ballot_review.html", context)


@login_required
async def ballot_cast(request: Request) -> Response:
    process, box, entry = await _box_for_voter(request)
    form, _data = await read_form(request)
    marks = marks_from(form.values)
    try:
        receipt = await services.ballot_cast(process, box, entry, marks)
    except services.BallotRefused as exc:
        context = await _ballot_context(process, box, entry, marks)
        context["errors"] = [str(exc)]
        return render(request, "votes/ballot.html", context, status_code=400)
    request.session[RECEIPT_KEY] = receipt
    return RedirectResponse(f"/vote/{box.id}/receipt", status_code=303)


@login_required
async def ballot_receipt(request: Request) -> Response:
    process, box, _entry = await _box_for_voter(request)
    receipt = request.session.pop(RECEIPT_KEY, None)
    return render(request, "votes/receipt.html",
                  {"process": process, "box": box, "receipt": receipt})


async def receipt_check(request: Request) -> Response:
    """Anyone may check a receipt code: counted or not, nothing about who."""
    code = request.query_params.get("code", "")[:40]
    ballot = await services.receipt_status(code) if code else None
    return render(request, "votes/receipt_check.html",
                  {"code": code, "ballot": ballot, "checked": bool(code)})
