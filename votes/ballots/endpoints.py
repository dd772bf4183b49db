"""The ballot (投票): choose, watch the meter, review, cast, keep the receipt."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.clock import today
from core.forms import read_form
from core.i18n import current_locale
from core.i18n import gettext as _
from core.middleware import load_deferred_principal, session_account
from core.permissions import current_user, login_redirect, login_required, signed_in
from core.templating import render
from projects import offers
from projects.lookups import label_context, process_or_404
from projects.models import Phase, Process
from residents.eligibility import entry_is_eligible, verified_entry
from residents.models import RosterEntry
from votes.ballots import rush, secrecy, services
from votes.ballots.boxes import boxes_for, proposals_in
from votes.ballots.forms import BadBallot, marks_from
from votes.ballots.limits import meter, problems, rules_in_words
from votes.ballots.standing import Standing, standing
from votes.models import BallotBox


async def _voter(request: Request, process: Process) -> RosterEntry | None:
    entry = await verified_entry(current_user(request).id)
    if entry is None or not await entry_is_eligible(entry, process):
        return None
    return entry


def _refuse_box(found: Standing | None) -> Standing:
    """404 for no such box, 403 for someone who does not vote in it."""
    if found is None:
        raise HTTPException(404)
    if not found.may_vote():
        raise HTTPException(403, _("您不是这个投票箱的投票人"))
    return found


async def _standing(request: Request) -> Standing:
    found = await standing(request.path_params["box_id"], current_user(request).id, today())
    return _refuse_box(found)


async def _box_for_voter(request: Request) -> tuple[Process, BallotBox, Standing]:
    """The voter's standing, and the box and its process for the page."""
    found = await _standing(request)
    box = await BallotBox.get(id=found.box_id).select_related("process", "area")
    return box.process, box, found


@login_required
async def vote_start(request: Request) -> Response:
    process = await process_or_404(request)
    entry = await _voter(request, process)
    _offered, why = await offers.vote(current_user(request), process)
    context = {"process": process, "boxes": [], "entry": entry, "why": why, **label_context()}
    if process.phase == Phase.VOTING and entry is not None:
        boxes = await boxes_for(process, entry)
        if len(boxes) == 1:
            return RedirectResponse(f"/vote/{boxes[0].id}", status_code=303)
        context["boxes"] = boxes
    return render(request, "votes/vote_start.html", context)


async def _ballot_context(
    process: Process, box: BallotBox, found: Standing, marks: dict[int, int]
) -> dict[str, object]:
    assert found.entry_id is not None
    return {
        "process": process,
        "box": box,
        "proposals": await proposals_in(box),
        "costs": found.costs,
        "marks": marks,
        "limits": found.limits,
        "rules": rules_in_words(found.limits),
        "meter": meter(found.limits, marks, found.costs),
        "voted": await services.has_voted(box.id, found.entry_id),
        **label_context(),
    }


async def _marks(request: Request, found: Standing) -> dict[int, int] | BadBallot:
    """The marks sent, or why they cannot be read (not plain digits, or not in the box)."""
    form, _data = await read_form(request)
    try:
        return marks_from(form.values, on_ballot=found.costs)
    except BadBallot as exc:
        return exc


async def _bad_ballot(
    request: Request,
    process: Process,
    box: BallotBox,
    found: Standing,
    bad: BadBallot,
    block: str | None = None,
) -> Response:
    """400: the ballot (or its meter) again, as it was before, with why."""
    context = await _ballot_context(process, box, found, {})
    context["meter_errors" if block == "meter" else "errors"] = [str(bad)]
    return render(request, "votes/ballot.html", context, status_code=400, block=block)


@login_required
async def ballot_page(request: Request) -> Response:
    """GET shows the ballot; POST re-shows it with the marks sent (back from review)."""
    process, box, found = await _box_for_voter(request)
    marks: dict[int, int] = {}
    if request.method == "POST":
        sent = await _marks(request, found)
        if isinstance(sent, BadBallot):
            return await _bad_ballot(request, process, box, found, sent)
        marks = sent
    context = await _ballot_context(process, box, found, marks)
    return render(request, "votes/ballot.html", context)


@login_required
async def ballot_meter(request: Request) -> Response:
    """htmx: the sticky meter for the marks as they stand now."""
    process, box, found = await _box_for_voter(request)
    marks = await _marks(request, found)
    if isinstance(marks, BadBallot):
        return await _bad_ballot(request, process, box, found, marks, block="meter")
    context = await _ballot_context(process, box, found, marks)
    return render(request, "votes/ballot.html", context, block="meter")


@login_required
async def ballot_review(request: Request) -> Response:
    process, box, found = await _box_for_voter(request)
    marks = await _marks(request, found)
    if isinstance(marks, BadBallot):
        return await _bad_ballot(request, process, box, found, marks)
    context = await _ballot_context(process, box, found, marks)
    refused = services.refusal(found.phase, problems(found.limits, marks, found.costs))
    if refused:
        context["errors"] = [str(refused)]
        return render(request, "votes/ballot.html", context, status_code=400)
    return render(request, "votes/ballot_review.html", context)


async def ballot_cast(request: Request) -> Response:
    """The cast itself. Its account is checked here, in the standing query, not by the
    middleware (core.middleware.account_checked_by_endpoint): one round trip fewer on the
    write a whole village makes in one evening, and casts arriving together share their
    queries (votes.ballots.rush). The person is loaded only to show a page."""
    account = session_account(request)
    if account is None:
        return login_redirect(request)
    form, _data = await read_form(request)
    try:
        # Not yet checked against the box (the rush does that, with the standing it loads).
        marks = marks_from(form.values)
    except BadBallot as exc:
        return await _unreadable(request, account.user_id, exc)
    done = await rush.cast(
        rush.Cast(
            box_id=request.path_params["box_id"],
            user_id=account.user_id,
            session_version=account.version,
            marks=marks,
        )
    )
    found = done.standing
    if done.outcome == rush.Outcome.NOT_A_VOTER or found is None:
        return await _not_a_voter(request, found)
    if done.outcome == rush.Outcome.REFUSED:
        assert done.refused is not None
        return await _refused(request, found, marks, done.refused)
    receipt = done.receipt
    if done.outcome == rush.Outcome.NOT_FIRST:  # a replacement, or a paper ballot entered
        assert found.entry_id is not None
        try:
            receipt = await services.replace_cast(
                found.box_id, found.entry_id, marks, secrecy.new_receipt()
            )
        except services.BallotRefused as exc:
            return await _refused(request, found, marks, exc)
    return await _receipt_page(request, found, receipt)


async def _receipt_page(request: Request, found: Standing, receipt: str | None) -> Response:
    """The receipt, in the answer to the cast itself: never in the session cookie, never
    in a URL, never cached. Reloading it asks the browser to send the form again, which
    casts again (the last ballot stands) and shows the new receipt."""
    if receipt is None:
        context = {"process_id": found.process_id, "receipt": receipt}
        response = render(request, "votes/receipt_cast.html", context)
        response.headers["Cache-Control"] = "no-store"
        return response
    before, after = _receipt_frame(request, current_locale.get(), found.process_id)
    body = before + secrecy.checked_receipt(receipt).encode() + after
    return Response(body, media_type="text/html", headers={"Cache-Control": "no-store"})


# The page around a receipt is the same for every voter of a process in one language, and
# the cast is the busiest write of the year: it is rendered once and the code set into it
# (a receipt is letters, digits and dashes only: nothing to escape).
_RECEIPT_SLOT = "RECEIPT-SLOT-0000"
_receipt_frames: dict[tuple[str, int], tuple[bytes, bytes]] = {}


def _receipt_frame(request: Request, locale: str, process_id: int) -> tuple[bytes, bytes]:
    key = (locale, process_id)
    if key not in _receipt_frames:
        context = {"process_id": process_id, "receipt": _RECEIPT_SLOT}
        page = bytes(render(request, "votes/receipt_cast.html", context).body)
        before, _slot, after = page.partition(_RECEIPT_SLOT.encode())
        _receipt_frames[key] = (before, after)
    return _receipt_frames[key]


async def _refused(
    request: Request, found: Standing, marks: dict[int, int], refused: services.BallotRefused
) -> Response:
    """The ballot again, with why it was not counted."""
    await load_deferred_principal(request)
    box = await BallotBox.get(id=found.box_id).select_related("process", "area")
    context = await _ballot_context(box.process, box, found, marks)
    context["errors"] = [str(refused)]
    return render(request, "votes/ballot.html", context, status_code=400)


async def _unreadable(request: Request, user_id: int, bad: BadBallot) -> Response:
    """A cast whose fields are not a ballot: its page again (or what a stranger gets)."""
    found = await standing(request.path_params["box_id"], user_id, today())
    await load_deferred_principal(request)
    if found is None or signed_in(request) is None or not found.may_vote():
        return await _not_a_voter(request, found)
    box = await BallotBox.get(id=found.box_id).select_related("process", "area")
    return await _bad_ballot(request, box.process, box, found, bad)


ballot_cast.required_roles = ()  # type: ignore[attr-defined]  # signed in, as login_required


async def _not_a_voter(request: Request, found: Standing | None) -> Response:
    """What login_required and `_standing` answer: sign in, no such box, or not yours."""
    await load_deferred_principal(request)
    if signed_in(request) is not None:
        _refuse_box(found)  # 404 or 403
    return login_redirect(request)  # signed out, or the session was ended meanwhile


@login_required
async def ballot_receipt(request: Request) -> Response:
    """Where the receipt used to be fetched: it is shown once, in the cast's answer."""
    process, box, _found = await _box_for_voter(request)
    return render(request, "votes/receipt.html", {"process": process, "box": box, "receipt": None})


async def receipt_check(request: Request) -> Response:
    """Anyone may check a receipt code: counted or not, nothing about who or what."""
    code = request.query_params.get("code", "")[:40]
    status = await services.receipt_status(code) if code else None
    return render(
        request,
        "votes/receipt_check.html",
        {"code": code, "status": status, "checked": bool(code)},
    )
