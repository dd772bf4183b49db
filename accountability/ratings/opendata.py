"""Project ratings as open data: per funded project only the figures — how many rated,
the average and how many gave each score — never who rated or what they wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from accountability.implementation.models import Milestone, MilestoneKind
from accountability.implementation.queries import progress_public
from accountability.ratings import queries, rules
from core.api.resources import Resource, path_id
from core.api.schema import array, integer, nullable, obj, ref, string
from core.i18n import gettext as _
from projects.endpoints.opendata import public_process
from votes.results.queries import awards_of


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


async def _ratings(request: Request) -> dict[str, Any]:
    process = await public_process(request.path_params["process_id"])
    if not progress_public(process):
        raise HTTPException(404, _("批次立项后才公布实施进度"))
    awards = await awards_of(process)
    ids = [a.proposal_id for a in awards]
    figures = await queries.figures_of(ids)
    accepted = {
        m.proposal_id: m.happened_on
        for m in await Milestone.filter(proposal_id__in=ids, kind=MilestoneKind.ACCEPT)
    }
    projects = []
    for award in awards:
        f, on = figures[award.proposal_id], accepted.get(award.proposal_id)
        projects.append(
            {
                "proposal_id": award.proposal_id,
                "title": award.proposal.title,
                "village": {"code": award.proposal.area.code, "name": award.proposal.area.name},
                "accepted_on": _day(on),
                "rating_last_day": _day(rules.last_day(on) if on else None),
                "count": f.count,
                "score_total": f.total,
                "average": f.average if f.count else None,
                "by_score": {str(score): f.by_score[score] for score in sorted(rules.SCORES)},
            }
        )
    return {"process_id": process.id, "projects": projects}


SCHEMAS = {
    "ProjectRatings": obj(
        "一个获奖补项目的居民满意度评价（只有合计，不含评价人和评价内容）",
        proposal_id=integer(),
        title=string("项目名称"),
        village=ref("Area"),
        accepted_on=nullable(string("验收日期（未验收为 null）", fmt="date")),
        rating_last_day=nullable(string("评价截止日期（验收后 30 天内）", fmt="date")),
        count=integer("评价人数"),
        score_total=integer("评分总和（1–5 分）"),
        average=nullable(string("平均分，保留一位小数（四舍五入），无人评价为 null")),
        by_score=obj("各分值的评价人数", **{str(s): integer(f"{s} 分") for s in range(1, 6)}),
    ),
    "Ratings": obj(
        "满意度评价",
        process_id=integer(),
        projects=array(ref("ProjectRatings")),
    ),
}
RESOURCES = [
    Resource(
        "/processes/{process_id:int}/ratings",
        "process_ratings",
        "满意度评价：每个获奖补项目验收后居民评分的人数、平均分和分布",
        _ratings,
        ref("Ratings"),
        (path_id("process_id", "批次编号"),),
        "验收后 30 天内，项目所在村/社区已核验的居民可评 1–5 分，每人一次。"
        "只公开合计，不公开评价人。批次立项前返回 404。",
        errors={404: "批次不存在、尚未公开，或尚未立项"},
    ),
]
