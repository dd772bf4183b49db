"""Residents (and officials on behalf of a village) write, submit and withdraw proposals."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.flash import flash
from core.formatting import fen_to_input
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Area
from core.permissions import current_user, login_required
from core.principal import Principal
from core.templating import render
from core.uploads import StoredFile, UploadRefused, store_upload
from projects import offers, pending, permissions, rules
from projects.lookups import label_context, process_or_404, proposal_or_404
from projects.models import PendingAttachment, Process, Proposal
from projects.services import proposals as service
from projects.validation import check_proposal
from residents.why_not import why_not

ATTACHABLE = frozenset({"photo", "pdf"})


async def _villages_for(user: Principal, process: Process) -> dict[int, Area]:
    return await offers.proposable_villages(user, process)


def _form_from(proposal: Proposal) -> Form:
    values = {k: str(v) for k, v in proposal.__dict__.items() if not k.startswith("_")}
    values["total_cost"] = fen_to_input(proposal.total_cost_fen)
    values["area"] = str(proposal.area_id)
    values["category"] = proposal.category.value
    return Form(values=values)


async def _store_files(form: Form, data: FormData, uploader: int) -> list[StoredFile]:
    """Store every chosen file that passes the checks, whatever else is wrong with the form
    (they are held if it comes back); a refused file is named, so it can be chosen again."""
    stored, refused = [], []
    for upload in data.getlist("files"):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        try:
            stored.append(await store_upload(upload, allow=ATTACHABLE, uploader=uploader))
        except UploadRefused as exc:
            refused.append(str(exc))
    if refused:
        form.add_error("files", "；".join(refused) + _("。这个文件没有保存，请重新选择。"))
    return stored


async def _render_form(
    request: Request,
    process: Process,
    form: Form,
    villages: dict[int, Area],
    proposal: Proposal | None = None,
    held: list[PendingAttachment] | None = None,
) -> Response:
    if proposal is not None:
        await proposal.fetch_related("attachments")
    context = {
        "process": process,
        "form": form,
        "villages": list(villages.values()),
        "proposal": proposal,
        "held": held or [],
        **label_context(),
    }
    return render(
        request, "projects/proposal_form.html", context, status_code=200 if form.ok else 400
    )


@login_required
async def proposal_new(request: Request) -> Response:
    user = current_user(request)
    process = await process_or_404(request)
    villages = await _villages_for(user, process)
    if not rules.accepts_proposals(process):
        flash(request, _("本批次当前不在征集阶段，不能提交新提案"), "error")
        return RedirectResponse(f"/processes/{process.id}", status_code=303)
    if not villages:
        return await _not_yours(request, user, process)
    form = Form(values={"area": str(next(iter(villages))) if len(villages) == 1 else ""})
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _render_form(request, process, form, villages)
    form, data = await read_form(request)
    return await _save(request, user, process, villages, form, data, None)


async def _not_yours(request: Request, user: Principal, process: Process) -> Response:
    """403 that says why (not verified, another area) and offers the next step."""
    why = await why_not(user, process.area, f"/processes/{process.id}", doing=_("提项目"))
    context = {"status": 403, "title": _("不能在这里提项目"), "message": why.why, "todo": why}
    return render(request, "errors/error.html", context, status_code=403)


async def _save(
    request: Request,
    user: Principal,
    process: Process,
    villages: dict[int, Area],
    form: Form,
    data: FormData,
    proposal: Proposal | None,
) -> Response:
    submitting = form.values.get("action") == "submit"
    fields = check_proposal(form, villages, submitting=submitting)
    held = await pending.kept(user.id, data)
    held += await pending.hold(user.id, await _store_files(form, data, user.id))
    if not form.ok:
        return await _render_form(request, process, form, villages, proposal, held)
    attached = False
    try:
        if proposal is None:
            on_behalf = fields.area_id != user.home_area_id
            proposal = await service.proposal_create(user, process, fields, on_behalf=on_behalf)
        else:
            await service.proposal_update(user, proposal, fields)
        await service.proposal_attach(proposal, [h.stored() for h in held])
        await pending.settle(held)
        attached = True
        if submitting:
            await service.proposal_submit(user, proposal, process)
    except service.ProposalRuleError as exc:
        form.add_error(exc.field, str(exc))
        return await _render_form(
            request, process, form, villages, proposal, [] if attached else held
        )
    flash(request, _("提案已提交，等待村/社区干部审核。") if submitting else _("草稿已保存。"))
    return RedirectResponse(f"/proposals/{proposal.id}", status_code=303)


@login_required
async def proposal_edit(request: Request) -> Response:
    user = current_user(request)
    proposal, process, area = await proposal_or_404(request)
    if not permissions.may_edit(user, proposal, area.path):
        raise HTTPException(403)
    villages = await _villages_for(user, process)
    villages.setdefault(area.id, area)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _render_form(request, process, _form_from(proposal), villages, proposal)
    form, data = await read_form(request)
    return await _save(request, user, process, villages, form, data, proposal)


@login_required
async def proposal_withdraw(request: Request) -> Response:
    user = current_user(request)
    proposal, _process, area = await proposal_or_404(request)
    if not (
        permissions.is_author(user, proposal)
        or (proposal.on_behalf_of_village and user.governs(area.path))
    ):
        raise HTTPException(403)
    try:
        await service.proposal_withdraw(user, proposal)
    except service.ProposalRuleError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("提案已撤回。"))
    return RedirectResponse(f"/proposals/{proposal.id}", status_code=303)


@login_required
async def attachment_delete(request: Request) -> Response:
    user = current_user(request)
    proposal, _process, area = await proposal_or_404(request)
    if not permissions.may_edit(user, proposal, area.path):
        raise HTTPException(403)
    await service.attachment_remove(proposal, int(request.path_params["attachment_id"]))
    return RedirectResponse(f"/proposals/{proposal.id}/edit", status_code=303)
