"""Public results and award list (公示), their downloads, and the tally button."""

from __future__ import annotations

from itertools import groupby

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.exports import download as download_file
from core.flash import flash
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render
from projects.lookups import label_context, process_or_404
from projects.models import Process
from projects.publicity import window_of
from projects.rules import results_public
from votes.models import BallotBox
from votes.pabulib import dumps_pb
from votes.pbio import ExportRefused, exporting
from votes.results import exports, jobs, queries, services
from votes.rules.result import TIE_BREAK_WORDS

AWARD_FORMATS = ("xlsx", "csv", "json")


async def _public_process(request: Request) -> Process:
    process = await process_or_404(request)
    if not results_public(process):
        # The embargo: the same answer whether or not anything has been counted.
        raise HTTPException(404, _("投票截止后才公布结果"))
    return process


async def results_page(request: Request) -> Response:
    process = await _public_process(request)
    context = {
        "process": process,
        "boxes": await queries.box_results(process),
        "tie_words": TIE_BREAK_WORDS,
        **label_context(),
    }
    return render(request, "votes/results.html", context)


async def award_list(request: Request) -> Response:
    process = await _public_process(request)
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
    template = "votes/notice.html" if request.url.path.endswith("/notice") else "votes/awards.html"
    return render(request, template, context)


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
        finance=False,
        filename=f"award-list-{process.id}",
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
    """Queue the tally and show its progress: the worker counts, not this process."""
    process = await process_or_404(request)
    try:
        job = await jobs.queue_tally(current_user(request), process)
    except services.TallyRefused as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/admin/processes", status_code=303)
    return RedirectResponse(f"/admin/jobs/{job.id}", status_code=303)
