"""Implementation pages: the public progress page and its CSV, site photos; the officials'
desk (plan, milestones with photos, spend) and finance's confirmation of spend."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from accountability.implementation import forms, queries, services
from accountability.implementation.labels import MILESTONE_KINDS
from accountability.implementation.models import MilestoneFile, Spend
from accountability.ratings import queries as rating_queries
from core.flash import flash
from core.formatting import fen_to_input
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render
from core.uploads import StoredFile, UploadRefused, discard, file_response, store_upload
from projects import permissions
from projects.lookups import label_context, process_or_404, proposal_or_404
from projects.models import Process, Proposal

MAX_FILES = 10


async def progress_page(request: Request) -> Response:
    process = await process_or_404(request)
    if not queries.progress_public(process):
        raise HTTPException(404, _("批次立项后才公布实施进度"))
    report = await queries.process_progress(process)
    ratings = await rating_queries.figures_of([r.proposal.id for r in report.rows])
    return render(
        request,
        "accountability/progress.html",
        {"process": process, "report": report, "kinds": MILESTONE_KINDS, "ratings": ratings},
    )


async def milestone_file(request: Request) -> Response:
    """Site photos and documents of funded works are public, like the works themselves."""
    item = await MilestoneFile.get_or_none(id=request.path_params["file_id"]).select_related(
        "milestone__proposal__process"
    )
    if item is None or not queries.progress_public(item.milestone.proposal.process):
        raise HTTPException(404)
    thumb = request.url.path.endswith("/thumb") and bool(item.thumb_name)
    return await file_response(
        item.thumb_name if thumb else item.stored_name,
        media_type="image/jpeg" if thumb else item.content_type,
        filename=item.original_name,
        inline=item.kind == "photo",
        cache="public, max-age=86400",
    )


@requires(Role.OFFICIAL)
async def desk_list(request: Request) -> Response:
    user = current_user(request)
    rows = await queries.desk_rows(user)
    return render(request, "accountability/implementation_desk.html", {"rows": rows})


async def _governed(request: Request) -> tuple[Proposal, Process]:
    proposal, process, area = await proposal_or_404(request)
    if not permissions.may_review(current_user(request), area.path):
        raise HTTPException(403)
    return proposal, process


@requires(Role.OFFICIAL)
async def desk_project(request: Request) -> Response:
    proposal, process = await _governed(request)
    return await _desk_page(request, proposal, process, {})


async def _desk_page(
    request: Request,
    proposal: Proposal,
    process: Process,
    failed: dict[str, Form],
    status: int = 200,
) -> Response:
    story = await queries.story_of(proposal)
    if story is None:
        raise HTTPException(404, _("这个项目没有获得奖补"))
    plan = story.plan
    context = {
        "proposal": proposal,
        "process": process,
        "story": story,
        "kinds": MILESTONE_KINDS,
        "refusal": services.tracking_refusal(process),
        "plan_form": failed.get("plan")
        or Form(
            values={
                "planned_start": plan.planned_start.isoformat() if plan else "",
                "planned_finish": plan.planned_finish.isoformat() if plan else "",
            }
        ),
        "milestone_form": failed.get("milestone")
        or Form(values={"progress_pct": str(story.standing.progress_pct)}),
        "spend_form": failed.get("spend") or Form(),
        "left_fen": story.standing.approved_fen
        - story.standing.spent_fen
        - story.standing.pending_fen,
        **label_context(),
    }
    return render(
        request, "accountability/implementation_project.html", context, status_code=status
    )


async def _done(request: Request, proposal: Proposal, message: str) -> Response:
    flash(request, message)
    return RedirectResponse(f"/desk/implementation/{proposal.id}", status_code=303)


async def _apply(
    request: Request,
    proposal: Proposal,
    process: Process,
    form: Form,
    write: Callable[[], Awaitable[object]] | None,
    *,
    which: str,
    field: str,
    message: str,
) -> Response:
    """Run a checked form's write and go back to the desk; on a refusal, re-show the desk
    with the form as typed and the reason under `field`."""
    if write is not None and form.ok:
        try:
            await write()
            return await _done(request, proposal, message)
        except services.ImplementationRefused as exc:
            form.add_error(field, str(exc))
    return await _desk_page(request, proposal, process, {which: form}, status=400)


@requires(Role.OFFICIAL)
async def plan_save(request: Request) -> Response:
    proposal, process = await _governed(request)
    form, _data = await read_form(request)
    dates = forms.read_plan(form)
    write = (
        partial(services.plan_set, current_user(request), proposal, process, *dates)
        if dates
        else None
    )
    return await _apply(
        request,
        proposal,
        process,
        form,
        write,
        which="plan",
        field="planned_finish",
        message=_("已保存实施计划。"),
    )


@requires(Role.OFFICIAL)
async def milestone_add(request: Request) -> Response:
    proposal, process = await _governed(request)
    form, data = await read_form(request)
    read = forms.read_milestone(form)
    refusal = services.tracking_refusal(process)
    if refusal:
        form.add_error("kind", refusal)
    files = await _store_files(form, data, current_user(request).id) if read and form.ok else []
    write = (
        partial(
            _record_or_discard,
            partial(
                services.milestone_record,
                current_user(request),
                proposal,
                process,
                read[0],
                read[1],
                files,
            ),
            files,
        )
        if read
        else None
    )
    return await _apply(
        request,
        proposal,
        process,
        form,
        write,
        which="milestone",
        field="kind",
        message=_("已登记实施节点。"),
    )


async def _record_or_discard(
    write: Callable[[], Awaitable[object]], files: list[StoredFile]
) -> object:
    """A milestone refused by its rules (order, dates) keeps none of its files on disk."""
    try:
        return await write()
    except services.ImplementationRefused:
        await discard(files)
        raise


async def _store_files(form: Form, data: FormData, uploader: int) -> list[StoredFile]:
    uploads = [u for u in data.getlist("files") if getattr(u, "filename", "")]
    if len(uploads) > MAX_FILES:
        form.add_error("files", _("一次最多上传 {n} 个文件").format(n=MAX_FILES))
        return []
    stored = []
    for upload in uploads:
        try:
            stored.append(
                await store_upload(
                    upload,  # type: ignore[arg-type]
                    allow=frozenset({"photo", "pdf"}),
                    uploader=uploader,
                )
            )
        except UploadRefused as exc:
            form.add_error("files", str(exc))
    if not form.ok:
        await discard(stored)  # one file refused: the others are not kept either
    return stored


@requires(Role.OFFICIAL)
async def spend_add(request: Request) -> Response:
    proposal, process = await _governed(request)
    form, _data = await read_form(request)
    entry = forms.read_spend(form)
    write = (
        partial(
            services.spend_record,
            current_user(request),
            proposal,
            process,
            amount_fen=entry.amount_fen,
            spent_on=entry.spent_on,
            purpose=entry.purpose,
        )
        if entry
        else None
    )
    return await _apply(
        request,
        proposal,
        process,
        form,
        write,
        which="spend",
        field="amount",
        message=_("已登记支出，待财政确认。"),
    )


@requires(Role.FINANCE)
async def spend_confirm(request: Request) -> Response:
    spend = await Spend.get_or_none(id=request.path_params["spend_id"]).select_related("proposal")
    if spend is None:
        raise HTTPException(404)
    try:
        await services.spend_confirm(current_user(request), spend)
        flash(request, _("已确认支出 {amount} 元。").format(amount=fen_to_input(spend.amount_fen)))
    except services.ImplementationRefused as exc:
        flash(request, str(exc), "error")
    return RedirectResponse(
        f"/finance/processes/{spend.proposal.process_id}#spends", status_code=303
    )
