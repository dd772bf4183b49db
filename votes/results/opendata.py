"""Results and award lists as open data: the public pages' figures, embargoed like them.

Reads go through the pages' own queries (`queries.box_results`, `queries.awards_of`) and
the embargo through `services.results_public`, so the API and the CSV can never say more, or
earlier, than the pages do. Finance's confirmations and payments are not published here.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.api.resources import Resource, path_id
from core.api.schema import array, boolean, fen, integer, nullable, obj, ref, string
from core.api.tables import csv_download
from core.exports import yuan
from core.i18n import gettext as _
from projects.endpoints.opendata import public_process
from projects.labels import CATEGORIES
from projects.models import Category, Process
from projects.rules import results_public
from votes.models import Award
from votes.results import queries
from votes.results.queries import BoxResult
from votes.rules.result import Reason


async def published(request: Request) -> Process:
    """The process, if its results are public; the page's answer otherwise."""
    process = await public_process(request.path_params["process_id"])
    if not results_public(process):
        raise HTTPException(404, _("投票截止后才公布结果"))
    return process


def _project(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "proposal_id": int(p["project_id"]),
        "title": p["title"],
        "area": {"code": p["area_code"], "name": p["area"]},
        "category": p["category"],
        "votes": p["votes"],
        "score": p["score"],
        "cost_fen": p["cost"],
        "subsidy_fen": p["subsidy"],
        "selected": p["selected"],
        "reason": p["reason"],
        "explanation": p["explanation"],
    }


def box(found: BoxResult, process_id: int) -> dict[str, Any]:
    result = found.result
    return {
        "box_id": found.box.id,
        "area": {"code": found.area.code, "name": found.area.name},
        "budget_fen": result["budget"],
        "spent_fen": result["spent"],
        "ballots": result["ballots"],
        "rule": result["rule"],
        "rule_version": result["rule_version"],
        "tie_break": result["tie_break_text"],
        "input_hash": result["input_hash"],
        "ballots_file_url": f"/processes/{process_id}/boxes/{found.box.id}/ballots.pb",
        "projects": [_project(p) for p in [*found.funded, *found.others]],
        "turnout": [
            {"village": name, "voted": voted, "roster": roster}
            for name, voted, roster in found.turnout
        ],
    }


def award(item: Award) -> dict[str, Any]:
    """Needs `proposal__area__parent` loaded (as `queries.awards_of` does)."""
    p = item.proposal
    township = p.area.parent.name if p.area.parent else p.area.name
    return {
        "proposal_id": p.id,
        "title": p.title,
        "township": township,
        "village": {"code": p.area.code, "name": p.area.name},
        "category": p.category.value,
        "total_cost_fen": p.total_cost_fen,
        "villager_funds_fen": p.villager_funds_fen,
        "labour_days": p.labour_days,
        "donations_fen": p.donations_fen,
        "subsidy_fen": item.subsidy_fen,
        "votes": item.votes,
        "households": p.beneficiaries_households,
    }


async def _results(request: Request) -> dict[str, Any]:
    process = await published(request)
    boxes = await queries.box_results(process)
    return {"process_id": process.id, "boxes": [box(b, process.id) for b in boxes]}


async def _awards(request: Request) -> dict[str, Any]:
    process = await published(request)
    awards = await queries.awards_of(process)
    return {
        "process_id": process.id,
        "items": [award(a) for a in awards],
        "total_subsidy_fen": sum(a.subsidy_fen for a in awards),
    }


PROJECT = obj(
    "一个项目的计票结果",
    proposal_id=integer(),
    title=string("项目名称"),
    area=ref("Area"),
    category=string("类别", enum=[c.value for c in Category]),
    votes=integer("得票"),
    score=nullable(integer("积分（积分投票）")),
    cost_fen=fen("金额"),
    subsidy_fen=nullable(fen("一事一议奖补额（按一事一议规则计票时）")),
    selected=boolean("获得资金"),
    reason=string("原因代码", enum=[r.value for r in Reason]),
    explanation=string("原因说明"),
)
BOX = obj(
    "一个投票箱（批次或分项预算）的结果",
    box_id=integer(),
    area=ref("Area"),
    budget_fen=fen("预算"),
    spent_fen=fen("已安排"),
    ballots=integer("有效选票"),
    rule=string("计票规则"),
    rule_version=string("规则版本"),
    tie_break=string("同票时的顺序"),
    input_hash=string("输入摘要，可用选票文件复核"),
    ballots_file_url=string("匿名选票文件（Pabulib .pb）"),
    projects=array(ref("ProjectResult"), "获得资金的项目在前，其余按得票"),
    turnout=array(
        obj(
            "投票率",
            village=string("村/社区"),
            voted=integer("投票人数"),
            roster=integer("名册人数"),
        )
    ),
)
SCHEMAS = {
    "ProjectResult": PROJECT,
    "BoxResult": BOX,
    "Results": obj("计票结果", process_id=integer(), boxes=array(ref("BoxResult"))),
    "Award": obj(
        "奖补名单中的一项",
        proposal_id=integer(),
        title=string("项目名称"),
        township=string("街道/镇"),
        village=ref("Area"),
        category=string("类别", enum=[c.value for c in Category]),
        total_cost_fen=fen("总投资"),
        villager_funds_fen=fen("村民筹资"),
        labour_days=integer("筹劳（工日）"),
        donations_fen=fen("社会捐赠"),
        subsidy_fen=fen("财政奖补"),
        votes=integer("得票"),
        households=integer("受益户数"),
    ),
    "AwardList": obj(
        "一事一议奖补名单",
        process_id=integer(),
        items=array(ref("Award")),
        total_subsidy_fen=fen("奖补合计"),
    ),
}
EMBARGO = {404: "批次不存在、尚未公开，或投票尚未截止（结果在投票截止后才公布）"}
PROCESS_ID = path_id("process_id", "批次编号")
RESOURCES = [
    Resource(
        "/processes/{process_id:int}/results",
        "process_results",
        "计票结果：每个投票箱的预算、得票、获得资金与否及原因、投票率",
        _results,
        ref("Results"),
        (PROCESS_ID,),
        "投票截止前一律返回 404。",
        errors=EMBARGO,
    ),
    Resource(
        "/processes/{process_id:int}/awards",
        "process_awards",
        "一事一议奖补名单（公示顺序：街道/镇、村、得票）",
        _awards,
        ref("AwardList"),
        (PROCESS_ID,),
        "投票截止前一律返回 404。",
        errors=EMBARGO,
    ),
]


async def results_csv(request: Request) -> Response:
    process = await published(request)
    header = [
        _("投票箱"),
        _("项目编号"),
        _("项目名称"),
        _("村/社区"),
        _("类别"),
        _("得票"),
        _("积分"),
        _("金额（元）"),
        _("奖补（元）"),
        _("获得资金"),
        _("说明"),
    ]
    rows = []
    for found in await queries.box_results(process):
        for p in [*found.funded, *found.others]:
            category = CATEGORIES.get(p["category"])
            rows.append(
                [
                    found.area.name,
                    p["project_id"],
                    p["title"],
                    p["area"],
                    _(category) if category else p["category"],
                    p["votes"],
                    p["score"],
                    yuan(p["cost"]),
                    yuan(p["subsidy"]),
                    _("是") if p["selected"] else _("否"),
                    p["explanation"],
                ]
            )
    return csv_download(f"results-{process.id}", header, rows)
