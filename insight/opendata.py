"""The dashboard as open data: the public page's figures for one area and year.

Suppressed turnout cells are null, as they read "<10" on the page; shares are exact
decimal text; money is integer fen.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.api.resources import Parameter, Resource
from core.api.schema import array, integer, nullable, obj, ref, string
from core.i18n import gettext as _
from core.models import Area
from insight.dashboard import Dashboard, build
from insight.figures import years
from insight.published import Shown

AREA_CODE = re.compile(r"\d{12}")


def _one(request: Request, name: str, valid: re.Pattern[str]) -> str:
    given = request.query_params.getlist(name)
    if given and (len(given) > 1 or not valid.fullmatch(given[0])):
        raise HTTPException(400, _("参数 {name} 的取值无效").format(name=name))
    return given[0] if given else ""


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _cell(shown: Shown | None) -> dict[str, Any] | None:
    if shown is None:
        return None
    return {"electors": shown.electors, "voters": shown.voters}


def dashboard_json(b: Dashboard) -> dict[str, Any]:
    m, d, s = b.money, b.delivery, b.satisfaction
    return {
        "area": {"code": b.scope.code, "name": b.scope.name},
        "year": b.year,
        "children": [{"code": c.code, "name": c.name} for c in b.children],
        "participation": {
            "proposals": b.participation.proposals,
            "supports": b.participation.supports,
            "comments": b.participation.comments,
            "turnout": [
                {
                    "process_id": t.process.id,
                    "process": t.process.name,
                    "total": _cell(t.total),
                    "age_bands": [{"band": band, "cell": _cell(c)} for band, c in t.bands],
                    "sexes": [{"sex": sex, "cell": _cell(c)} for sex, c in t.sexes],
                    "age_band_sexes": [
                        {"band": band, "sex": sex, "cell": _cell(c)}
                        for band, cells in t.crossed
                        for (sex, _total), c in zip(t.sexes, cells, strict=True)
                    ],
                    "areas": [{"code": a.code, "cell": _cell(c)} for a, c in t.children],
                }
                for t in b.participation.turnouts
            ],
        },
        "money": {
            "pool_fen": m.pool_fen,
            "awarded_fen": m.awarded_fen,
            "confirmed_fen": m.confirmed_fen,
            "disbursed_fen": m.disbursed_fen,
            "per_resident_fen": m.per_resident_fen,
            "by_category": [
                {"category": c, "awarded_fen": a, "confirmed_fen": cf, "disbursed_fen": di}
                for c, a, cf, di in m.by_category
            ],
        },
        "delivery": {
            "funded": d.funded,
            "accepted": d.accepted,
            "accepted_on_time": d.on_time,
            "accepted_late": d.late_accepted,
            "overdue_open": d.overdue_open,
            "average_days_to_acceptance": _rate(d.average_days),
        },
        "satisfaction": {
            "letters_on_time_pct": _rate(s.on_time_rate),
            "letters_satisfaction_pct": _rate(s.satisfaction_rate),
            "adoption_pct": _rate(s.adoption_rate),
            "adoption": s.adoption,
            "project_rating_average": _rate(s.projects.average) if s.projects else None,
        },
        "demand": [
            {
                "code": x.area.code,
                "asked": x.asked,
                "letters": x.letters,
                "funded": x.funded,
                "awarded_fen": x.awarded_fen,
            }
            for x in b.demand
        ],
    }


async def _dashboard(request: Request) -> dict[str, Any]:
    code = _one(request, "area", AREA_CODE)
    raw_year = _one(request, "year", re.compile(r"20\d\d|2100"))
    area = await (Area.get_or_none(code=code) if code else Area.filter(parent_id=None).first())
    if area is None:
        raise HTTPException(404, _("没有这个区域"))
    known = await years()
    year = int(raw_year) if raw_year else (known[0] if known else 0)
    return dashboard_json(await build(area, year))


COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
CELL = nullable(
    obj("一格（少于 10 人的格子不公布，为 null）", electors=integer(), voters=integer())
)
_RATE = nullable(string("一位小数的十进制文本；无可计者为 null"))
SCHEMAS = {
    "Dashboard": obj(
        "数据看板：一个区域（含下级）一年的指标",
        area=ref("Area"),
        year=integer(),
        children=array(ref("Area"), "下一级区域"),
        participation=obj(
            "参与",
            proposals=integer("提交的提案（不含草稿和撤回的）"),
            supports=integer("附议"),
            comments=integer("提案下公开的评论"),
            turnout=array(
                obj(
                    "一个批次的投票率（投票结束后公布）",
                    process_id=integer(),
                    process=string(),
                    total=CELL,
                    age_bands=array(obj("年龄段", band=string(), cell=CELL)),
                    sexes=array(
                        obj("性别（由身份证号得出；u 为名册未记录性别）", sex=string(), cell=CELL)
                    ),
                    age_band_sexes=array(
                        obj("年龄段 × 性别", band=string(), sex=string(), cell=CELL)
                    ),
                    areas=array(obj("下一级区域", code=string(), cell=CELL)),
                )
            ),
        ),
        money=obj(
            "资金（分）",
            pool_fen=integer("资金池"),
            awarded_fen=integer("奖补"),
            confirmed_fen=integer("财政核定"),
            disbursed_fen=integer("已拨付"),
            per_resident_fen=nullable(integer("人均奖补")),
            by_category=array(
                obj(
                    "一个类别",
                    category=string(),
                    awarded_fen=integer(),
                    confirmed_fen=integer(),
                    disbursed_fen=integer(),
                )
            ),
        ),
        delivery=obj(
            "实施",
            funded=integer("立项项目"),
            accepted=integer("已验收"),
            accepted_on_time=integer("按期验收（无计划完工日的计为按期）"),
            accepted_late=integer("逾期验收"),
            overdue_open=integer("已过计划完工日仍未验收"),
            average_days_to_acceptance=_RATE,
        ),
        satisfaction=obj(
            "满意度",
            letters_on_time_pct=_RATE,
            letters_satisfaction_pct=_RATE,
            adoption_pct=_RATE,
            adoption=COUNTS,
            project_rating_average=_RATE,
        ),
        demand=array(
            obj(
                "下一级区域的需求与供给",
                code=string(),
                asked=COUNTS,
                letters=COUNTS,
                funded=COUNTS,
                awarded_fen=integer(),
            )
        ),
    ),
}
RESOURCES = [
    Resource(
        "/dashboard",
        "dashboard",
        "数据看板：参与、资金、实施、满意度、需求与供给，按区域（区 → 街道 → 村）和年份",
        _dashboard,
        ref("Dashboard"),
        (
            Parameter(
                "area",
                "12 位区域代码（含下级），默认全区",
                {"type": "string", "pattern": r"^\d{12}$"},
            ),
            Parameter(
                "year",
                "年份，默认有数据的最近一年",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
            ),
        ),
        "投票率按年龄段和性别公布，投票人或未投票人少于 10 人的格子及能由合计减出它的格子为 null。",
        errors={400: "参数无效", 404: "没有这个区域"},
    ),
]
