"""Processes and proposals in the open-data API, and the CSV downloads of their lists."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from comments.queries import thread_for
from core.api.resources import PAGING, Paging, Parameter, Resource, choice, path_id
from core.api.schema import ref, string
from core.api.tables import csv_download
from core.exports import yuan
from core.i18n import gettext as _
from projects import labels, opendata, queries
from projects.models import Category, Phase, Process, Proposal, ProposalStatus
from projects.queries import ProposalFilters
from projects.subjects import proposal_subject


async def public_process(process_id: int) -> Process:
    """A process the public may see (not a draft), or 404 — the API's and CSVs' one gate."""
    process = await Process.get_or_none(id=process_id).select_related("area")
    if process is None or process.phase == Phase.DRAFT:
        raise HTTPException(404, _("找不到该批次，或尚未公开"))
    return process


async def _processes(request: Request) -> dict[str, Any]:
    paging = Paging.from_request(request)
    found = await queries.public_processes()
    window = found[paging.offset : paging.offset + paging.limit]
    return paging.page([opendata.process_summary(p) for p in window], len(found))


async def _process(request: Request) -> dict[str, Any]:
    process = await public_process(request.path_params["process_id"])
    return opendata.process_detail(
        process, await queries.timeline(process), await queries.headings(process)
    )


def _filters(request: Request) -> ProposalFilters:
    """The page's filters; an unknown value is an error here (the page just ignores it)."""
    params = request.query_params
    allowed = {"category": {c.value for c in Category}, "status": set(opendata.PUBLIC_STATUSES)}
    for name, values in allowed.items():
        given = params.getlist(name)  # "" is no value of the enum; nor is a list of them
        if given and (len(given) > 1 or given[0] not in values):
            raise HTTPException(400, _("参数 {name} 的取值无效").format(name=name))
    return ProposalFilters(
        area=params.get("area", "")[:12],
        category=params.get("category", ""),
        status=params.get("status", ""),
    )


async def _process_proposals(request: Request) -> dict[str, Any]:
    process = await public_process(request.path_params["process_id"])
    paging = Paging.from_request(request)
    query = queries.public_proposals(process, _filters(request))
    total = await query.count()
    found = (
        await query.order_by("id").offset(paging.offset).limit(paging.limit).select_related("area")
    )
    return paging.page([opendata.proposal_summary(p) for p in found], total)


async def _proposal(request: Request) -> dict[str, Any]:
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"]).select_related(
        "process", "area"
    )
    if (
        proposal is None
        or proposal.status == ProposalStatus.DRAFT
        or proposal.process.phase == Phase.DRAFT
    ):
        raise HTTPException(404, _("找不到该提案，或尚未公开"))
    attachments = await proposal.attachments.all().order_by("id")
    thread = await thread_for(proposal_subject(proposal), None)  # as an anonymous visitor
    return opendata.proposal_detail(proposal, list(attachments), thread)


PROCESS_ID = path_id("process_id", "批次编号")
FILTERS = (
    Parameter("area", "村/社区的 12 位行政区划代码", string()),
    choice("category", "类别", [c.value for c in Category]),
    choice("status", "状态", opendata.PUBLIC_STATUSES),
)
RESOURCES = [
    Resource(
        "/processes",
        "processes",
        "公开的参与式预算批次",
        _processes,
        ref("ProcessPage"),
        PAGING,
        "按编号倒序；不含筹备中的批次。",
        errors={400: "参数无效"},
    ),
    Resource(
        "/processes/{process_id:int}",
        "process",
        "一个批次：资金、规则、时间安排、阶段",
        _process,
        ref("Process"),
        (PROCESS_ID,),
    ),
    Resource(
        "/processes/{process_id:int}/proposals",
        "process_proposals",
        "一个批次的项目提案（与公开列表相同：不含草稿）",
        _process_proposals,
        ref("ProposalPage"),
        (PROCESS_ID, *FILTERS, *PAGING),
        "按编号排序。",
        errors={400: "参数无效", 404: "批次不存在或尚未公开"},
    ),
    Resource(
        "/proposals/{proposal_id:int}",
        "proposal",
        "一个项目提案：资金构成、村民会议决议、官方答复、附件和公开的评论",
        _proposal,
        ref("Proposal"),
        (path_id("proposal_id", "提案编号"),),
        "评论与页面上匿名访客所见相同：居民只署姓氏，被隐藏的评论没有正文。",
    ),
]


async def processes_csv(request: Request) -> Response:
    header = [_("编号"), _("批次名称"), _("区域"), _("区域代码"), _("阶段"), _("资金池（元）")]
    rows = [
        [p.id, p.name, p.area.name, p.area.code, _(labels.PHASES[p.phase]), yuan(p.budget_fen)]
        for p in await queries.public_processes()
    ]
    return csv_download("processes", header, rows)


async def proposals_csv(request: Request) -> Response:
    """The proposal list of a process with the page's filters, every page at once."""
    process = await public_process(request.path_params["process_id"])
    filters = ProposalFilters.from_query(dict(request.query_params))
    found = (
        await queries.public_proposals(process, filters)
        .order_by("-support_count", "id")
        .select_related("area")
    )
    header = [
        _("编号"),
        _("项目名称"),
        _("村/社区"),
        _("区域代码"),
        _("类别"),
        _("状态"),
        _("总投资（元）"),
        _("村民筹资（元）"),
        _("筹劳（工日）"),
        _("社会捐赠（元）"),
        _("申请奖补（元）"),
        _("附议人数"),
    ]
    rows = [
        [
            p.id,
            p.title,
            p.area.name,
            p.area.code,
            _(labels.CATEGORIES[p.category]),
            _(labels.status_word(p.status, process.phase)),
            yuan(p.total_cost_fen),
            yuan(p.villager_funds_fen),
            p.labour_days,
            yuan(p.donations_fen),
            yuan(p.requested_subsidy_fen),
            p.support_count,
        ]
        for p in found
    ]
    return csv_download(f"proposals-{process.id}", header, rows)
