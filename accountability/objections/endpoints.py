"""Objections: the public list with answers and the filing form; the officials' answer desk;
the attached file, for its author and the officials who answer."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from accountability.objections import queries, rules, services
from accountability.objections.labels import OUTCOMES
from accountability.objections.models import Objection, Outcome
from core.clock import today
from core.flash import flash
from core.forms import Form, parse_id, read_form
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, login_required, requires, signed_in
from core.principal import Principal
from core.templating import render
from core.uploads import StoredFile, UploadRefused, discard, file_response, store_upload
from projects.lookups import process_or_404
from projects.models import Process, Proposal
from projects.publicity import window_of
from projects.rules import results_public
from residents.why_not import why_not

REASON_MAX = 2000


async def _published(request: Request) -> Process:
    process = await process_or_404(request)
    if not results_public(process):
        raise HTTPException(404, _("投票截止后才公布结果"))
    return process


async def _page(request: Request, process: Process, form: Form, status: int = 200) -> Response:
    user = signed_in(request)
    window = await window_of(process)
    context = {
        "process": process,
        "form": form,
        "window": window,
        "objections": await queries.public_list(process),
        "candidates": await queries.candidates(process),
        "refusal": rules.filing_refusal(process, window, today()),
        "may_object": (may := user is not None and await services.may_object(user, process)),
        "signed_in": user is not None,
        "outcome_labels": OUTCOMES,
        # Why not, with the next step (verify, or another area's list), decided by may_object.
        "object_why": None
        if may or user is None
        else await why_not(user, process.area, request.url.path, doing=_("提出异议")),
    }
    return render(request, "accountability/objections.html", context, status_code=status)


async def objection_list(request: Request) -> Response:
    process = await _published(request)
    return await _page(request, process, Form())


@login_required
async def objection_file(request: Request) -> Response:
    process = await _published(request)
    form, data = await read_form(request)
    reason = form.text("reason", _("异议理由"), max_length=REASON_MAX)
    if reason and len(reason) < 10:
        form.add_error("reason", _("请把异议理由写清楚（至少 10 个字）"))
    proposal = await _proposal_choice(form, process)
    user = current_user(request)
    if form.ok:  # who and when first: a file is never stored for a filing that is refused
        refusal = await services.filing_refusal(user, process)
        if refusal:
            form.add_error("reason", refusal)
    stored = await _attachment(form, data.get("file"), user)
    if form.ok:
        draft = services.ObjectionDraft(reason=reason, proposal=proposal, file=stored)
        try:
            await services.objection_file(user, process, draft)
        except services.ObjectionRefused as exc:
            await discard([stored] if stored else [])  # the window closed meanwhile
            form.add_error("reason", str(exc))
    if not form.ok:
        return await _page(request, process, form, status=400)
    flash(request, _("异议已提交，干部答复后会在本页公开。"))
    return RedirectResponse(f"/processes/{process.id}/objections", status_code=303)


async def _proposal_choice(form: Form, process: Process) -> Proposal | None:
    raw = form.values.get("proposal", "")
    if raw in ("", "list"):
        return None
    candidates = {p.id: p for p in await queries.candidates(process)}
    proposal = candidates.get(parse_id(raw) or 0)
    if proposal is None:
        form.add_error("proposal", _("请选择本批次上过选票的项目，或选择“整个奖补名单”"))
    return proposal


async def _attachment(form: Form, upload: object, user: Principal) -> StoredFile | None:
    """Optional; kept only for a form that is otherwise good, so refusals leave no orphans."""
    if not form.ok or not hasattr(upload, "filename") or not getattr(upload, "filename", ""):
        return None
    try:
        # No thumbnail: an objection keeps one file and no thumbnail name, so one made here
        # would stay in storage with nothing pointing at it.
        return await store_upload(
            upload,  # type: ignore[arg-type]
            allow=frozenset({"photo", "pdf"}),
            uploader=user.id,
            thumbnail=False,
        )
    except UploadRefused as exc:
        form.add_error("file", str(exc))
        return None


def _answers_for(user: Principal, objection: Objection) -> bool:
    return user.governs(queries.area_path(objection))


async def _desk(
    request: Request,
    show: str,
    errors: dict[int, dict[str, str]],
    values: dict[int, dict[str, str]],
    status_code: int = 200,
) -> Response:
    user = current_user(request)
    context = {
        "objections": await queries.desk_list(user, open_only=show != "all"),
        "show": show,
        "errors": errors,
        "values": values,
        "outcome_labels": OUTCOMES,
    }
    return render(request, "accountability/objection_desk.html", context, status_code=status_code)


@requires(Role.OFFICIAL)
async def objection_desk(request: Request) -> Response:
    return await _desk(request, request.query_params.get("show", "open"), {}, {})


def _outcome(form: Form) -> Outcome | None:
    outcome = next((o for o in Outcome if o.value == form.values.get("outcome")), None)
    if outcome is None:
        form.add_error("outcome", _("请选择处理结果：成立、部分成立或不成立"))
    return outcome


@requires(Role.OFFICIAL)
async def objection_answer(request: Request) -> Response:
    user = current_user(request)
    objection = await queries.one(request.path_params["objection_id"])
    if objection is None:
        raise HTTPException(404)
    if not _answers_for(user, objection):
        raise HTTPException(403)
    form, _data = await read_form(request)
    answer = form.text("answer", _("答复"), max_length=REASON_MAX)
    outcome = _outcome(form)
    if form.ok and outcome is not None:
        await services.objection_answer(user, objection, answer, outcome)
        message = _("已公开答复异议 #{id}（{outcome}），提出人会收到通知。")
        flash(request, message.format(id=objection.id, outcome=_(OUTCOMES[outcome])))
        return RedirectResponse("/desk/objections", status_code=303)
    # What was typed stays in its card, the errors beside its fields.
    show = "open" if objection.is_open else "all"
    return await _desk(request, show, {objection.id: form.errors}, {objection.id: form.values}, 400)


@login_required
async def objection_attachment(request: Request) -> Response:
    """Only the author and the officials who answer: the file may show private matters."""
    user = current_user(request)
    objection = await queries.one(request.path_params["objection_id"])
    if objection is None or not objection.stored_name:
        raise HTTPException(404)
    if objection.author_id != user.id and not _answers_for(user, objection):
        raise HTTPException(404)
    return await file_response(
        objection.stored_name,
        media_type=objection.content_type,
        filename=objection.original_name,
        inline=False,
        cache="private, no-store",
    )
