"""The rating page of one accepted project: the figures and comments, the resident's own
rating (or the form, or why not), and for officials of the area the answer and moderation
forms. Writes answer with a 303 back to the page; a refusal shows the page again."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from accountability.ratings import permissions, queries, rules, services
from accountability.ratings.models import ProjectRating
from core.clock import today
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Area, Role
from core.permissions import current_user, login_required, requires
from core.templating import render
from projects.lookups import proposal_or_404
from projects.models import Process, Proposal
from projects.permissions import may_see


async def _project(request: Request) -> tuple[Proposal, Process, Area]:
    proposal, process, village = await proposal_or_404(request)
    if not may_see(current_user(request), proposal, village.path):
        raise HTTPException(404)
    return proposal, process, village


async def _page(
    request: Request,
    proposal: Proposal,
    process: Process,
    village: Area,
    *,
    form: Form | None = None,
    status: int = 200,
) -> Response:
    user = current_user(request)
    board = await queries.board_of(proposal.id)
    mine = await queries.mine(proposal.id, user.id)
    closed = rules.window_refusal(board.accepted_on, today())
    refusal = (
        None if mine or closed else await permissions.rater_refusal(user, village, process, today())
    )
    official = permissions.may_answer(user, village)
    context: dict[str, Any] = {
        "proposal": proposal,
        "process": process,
        "village": village,
        "board": board,
        "mine": mine,
        "closed": closed,
        "refusal": refusal,
        "form": form or Form(),
        "scores": rules.SCORE_LABELS,
        # Officials see what was said in full, hidden comments too, to answer and moderate.
        "to_answer": [r for r in board.rated if r.comment or r.answer] if official else [],
    }
    return render(request, "accountability/rating.html", context, status_code=status)


@login_required
async def rating_page(request: Request) -> Response:
    proposal, process, village = await _project(request)
    return await _page(request, proposal, process, village)


@login_required
async def rating_save(request: Request) -> Response:
    proposal, process, village = await _project(request)
    form, _data = await read_form(request)
    score = form.integer("score", _("评分"), minimum=1, maximum=5)
    comment = form.text("comment", _("意见"), max_length=2000, required=False)
    if not form.ok:
        return await _page(request, proposal, process, village, form=form, status=400)
    try:
        await services.rating_give(
            current_user(request),
            proposal=proposal,
            village=village,
            process=process,
            score=score,
            comment=comment,
        )
    except services.RatingRefused as exc:
        form.add_error(exc.field or "score", str(exc))
        return await _page(request, proposal, process, village, form=form, status=400)
    flash(request, _("感谢您的评价！"))
    return RedirectResponse(f"/proposals/{proposal.id}/rating", status_code=303)


async def _rating(request: Request) -> tuple[ProjectRating, Proposal, Area]:
    rating = await ProjectRating.get_or_none(id=request.path_params["rating_id"]).select_related(
        "proposal", "proposal__area"
    )
    if rating is None:
        raise HTTPException(404)
    if not permissions.may_answer(current_user(request), rating.proposal.area):
        raise HTTPException(403)
    return rating, rating.proposal, rating.proposal.area


def _back(request: Request, rating: ProjectRating, message: str, category: str) -> Response:
    flash(request, message, category)
    return RedirectResponse(
        f"/proposals/{rating.proposal_id}/rating#rating-{rating.id}", status_code=303
    )


@requires(Role.OFFICIAL)
async def rating_answer(request: Request) -> Response:
    rating, proposal, village = await _rating(request)
    form, _data = await read_form(request)
    try:
        await services.rating_answer(
            current_user(request),
            rating=rating,
            proposal=proposal,
            village=village,
            answer=form.values.get("answer", ""),
        )
    except services.RatingRefused as exc:
        return _back(request, rating, str(exc), "error")
    return _back(request, rating, _("已回复，评价人会收到通知。"), "success")


@requires(Role.OFFICIAL)
async def rating_hide(request: Request) -> Response:
    rating, _proposal, village = await _rating(request)
    form, _data = await read_form(request)
    try:
        await services.rating_hide(
            current_user(request),
            rating=rating,
            village=village,
            reason=form.values.get("reason", ""),
        )
    except services.RatingRefused as exc:
        return _back(request, rating, str(exc), "error")
    return _back(request, rating, _("已隐藏这条评价意见。"), "success")


@requires(Role.OFFICIAL)
async def rating_restore(request: Request) -> Response:
    rating, _proposal, village = await _rating(request)
    await services.rating_restore(current_user(request), rating=rating, village=village)
    return _back(request, rating, _("已恢复显示这条评价意见。"), "success")
