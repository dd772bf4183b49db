"""Public results and award list (公示), their downloads, and the tally button."""

from __future__ import annotations

from itertools import groupby

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.exports import download as download_file
from core.flash import flash
from core.forms import read_form
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render
from projects.lookups import label_context, process_or_404
from projects.models import Phase, Process
from projects.preview import vote_facts
from projects.publicity import window_of
from projects.rules import results_public
from votes.ballots.boxes import boxes_of
from votes.models import BallotBox
from votes.pabulib import dumps_pb
from votes.pbio import ExportRefused, exporting
from votes.results import exports, jobs, queries, services
from votes.results.notice import notice_context
from votes.rules.result import TIE_BREAK_WORDS

AWARD_FORMATS = ("xlsx", "csv", "json")


async def _public_process(request: Request) -> Process:
    process = await process_or_404(request)
    if not results_public(process):
        # The embargo: the same answer whether or not anything has been counted.
        raise HTTPException(404, _("投票截止后才公布结果"))
    return process


def _not_yet_published(request: Request, process: Process) -> Response:
    """尚未公布: a page that says when the results will appear, not "页面不存在".

    Still a 404 (nothing is published at this address yet, and the public page cache
    keeps only 200s), telling the process's phase and its planned close of voting, both
    public on the process page already; a draft process is not public at all.
    """
    if process.phase == Phase.DRAFT:
        raise HTTPException(404)
    context = {"process": process, "message": _("投票截止后才公布结果"), **label_context()}
    return render(request, "votes/not_published.html", context, status_code=404)


async def results_page(request: Request) -> Response:
    process = await process_or_404(request)
    if not results_public(process):
        return _not_yet_published(request, process)
    context = {
        "process": process,
        "boxes": await queries.box_results(process),
        "tie_words": TIE_BREAK_WORDS,
        **label_context(),
    }
    return render(request, "votes/results.html", context)


async def award_list(request: Request) -> Response:
    process = await process_or_404(request)
    if not results_public(process):
        return _not_yet_published(request, process)
    awards = await queries.awards_of(process)
    rows = exports.award_rows(awards)
    groups = [(t, list(g)) for t, g in groupby(rows, key=lambda r: r.township)]
    context = {
        "process": process,
        "rows": rows,
        "groups": groups,
        "total": sum(a.subsidy_fen for a in awards),
        "window": await window_of(process),
    }
    if request.url.path.endswith("/notice"):
        context.update(await notice_context(process))
        return render(request, "votes/notice.html", context)
    return render(request, "votes/awards.html", context)


async def award_download(request: Request) -> Response:
    process = await _public_process(request)
    kind = request.path_params["kind"]
    if kind not in AWARD_FORMATS:
        raise HTTPException(404)
    rows = exports.award_rows(await queries.awards_of(process))
    return exports.award_file(
        f"{process.name} 一事一议奖补名单",
        rows,
        kind,
        filename=_("{name}一事一议奖补名单").format(name=process.name),
    )


async def ballots_file(request: Request) -> Response:
    """The anonymised ballots of one box as a Pabulib file, so anyone can recompute."""
    process = await _public_process(request)
    box = await BallotBox.get_or_none(id=request.path_params["box_id"], process=process)
    if box is None:
        raise HTTPException(404)
    try:
        document = await exporting.pb_export(process, box)
    except ExportRefused as exc:
        raise HTTPException(404, str(exc)) from exc
    name = f"yishi-process-{process.id}-box-{box.id}.pb"
    return download_file(dumps_pb(document).encode("utf-8"), name)


@requires(Role.ADMIN)
async def tally_run(request: Request) -> Response:
    """GET asks (what the tally counts, how the vote stands); POST counts, only with the
    confirmation page's explicit confirm."""
    process = await process_or_404(request)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _tally_confirm(request, process)
    form, _data = await read_form(request)
    if form.values.get("confirm") != "yes":  # a bare button, an old page: ask first
        return await _tally_confirm(request, process, 400)
    try:
        job = await jobs.queue_tally(current_user(request), process)
    except services.TallyRefused as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/admin/processes", status_code=303)
    return RedirectResponse(f"/admin/jobs/{job.id}", status_code=303)


async def _tally_confirm(request: Request, process: Process, status_code: int = 200) -> Response:
    context = {
        "process": process,
        "facts": await vote_facts(process),
        "blocked": await services.tally_refusal(process),
        "boxes": len(await boxes_of(process)),
        "tallied_before": bool(await services.latest_snapshots(process)),
        **label_context(),
    }
    return render(request, "votes/tally_confirm.html", context, status_code=status_code)
