"""Implementation progress as open data: what the public progress page shows, from the same
query, published once the process is funded (立项). Who entered or confirmed what is not."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from accountability.implementation import queries
from accountability.implementation.labels import MILESTONE_KINDS
from accountability.implementation.models import MilestoneKind
from accountability.implementation.queries import ProgressRow, Totals
from core.api.resources import Resource, path_id
from core.api.schema import array, boolean, fen, integer, nullable, obj, ref, string
from core.api.tables import csv_download
from core.exports import yuan
from core.i18n import gettext as _
from projects.endpoints.opendata import public_process

KINDS = [k.value for k in MilestoneKind]


def _totals(t: Totals) -> dict[str, Any]:
    return {
        "projects": t.projects,
        "completed": t.completed,
        "overdue": t.overdue,
        "approved_fen": t.approved_fen,
        "spent_fen": t.spent_fen,
        "pending_fen": t.pending_fen,
    }


def _project(row: ProgressRow) -> dict[str, Any]:
    s, p = row.standing, row.proposal
    return {
        "proposal_id": p.id,
        "title": p.title,
        "township": row.township,
        "village": {"code": p.area.code, "name": p.area.name},
        "stage": s.stage.value if s.stage else None,
        "progress_pct": s.progress_pct,
        "planned_finish": s.planned_finish.isoformat() if s.planned_finish else None,
        "overdue": s.overdue,
        "approved_fen": s.approved_fen,
        "spent_fen": s.spent_fen,
        "pending_fen": s.pending_fen,
        "milestones": [
            {
                "kind": m.kind.value,
                "date": m.happened_on.isoformat(),
                "progress_pct": m.progress_pct,
                "note": m.note,
            }
            for m in row.milestones
        ],
    }


async def _report(request: Request) -> tuple[int, queries.ProgressReport]:
    """The progress of a funded process; the page's 404 before funding."""
    process = await public_process(request.path_params["process_id"])
    if not queries.progress_public(process):
        raise HTTPException(404, _("批次立项后才公布实施进度"))
    return process.id, await queries.process_progress(process)


async def _progress(request: Request) -> dict[str, Any]:
    process_id, report = await _report(request)
    return {
        "process_id": process_id,
        "totals": _totals(report.total),
        "projects": [_project(r) for r in report.rows],
        "villages": [{"name": v.name, **_totals(v)} for v in report.villages],
    }


def _totals_schema(doc: str, **extra: dict[str, Any]) -> dict[str, Any]:
    return obj(
        doc,
        **extra,
        projects=integer("获奖补项目数"),
        completed=integer("已完工"),
        overdue=integer("逾期未完工"),
        approved_fen=fen("核定奖补"),
        spent_fen=fen("财政已确认支出"),
        pending_fen=fen("待财政确认支出"),
    )


SCHEMAS = {
    "ProgressTotals": _totals_schema("合计"),
    "ProjectProgress": obj(
        "一个获奖补项目的实施情况",
        proposal_id=integer(),
        title=string("项目名称"),
        township=string("街道/镇"),
        village=ref("Area"),
        stage=nullable(string("当前节点（未开工为 null）", enum=KINDS)),
        progress_pct=integer("工程进度（百分比）"),
        planned_finish=nullable(string("计划完工", fmt="date")),
        overdue=boolean("已过计划完工日期仍未完工"),
        approved_fen=fen("核定奖补"),
        spent_fen=fen("财政已确认支出"),
        pending_fen=fen("待财政确认支出"),
        milestones=array(
            obj(
                "实施节点",
                kind=string("节点", enum=KINDS),
                date=string("日期", fmt="date"),
                progress_pct=integer("工程进度（百分比）"),
                note=string("说明"),
            )
        ),
    ),
    "Progress": obj(
        "实施进度",
        process_id=integer(),
        totals=ref("ProgressTotals"),
        projects=array(ref("ProjectProgress")),
        villages=array(_totals_schema("一个村/社区的合计", name=string("村/社区"))),
    ),
}
RESOURCES = [
    Resource(
        "/processes/{process_id:int}/progress",
        "process_progress",
        "实施进度：每个获奖补项目的节点、工程进度、计划完工、逾期，以及核定奖补与支出",
        _progress,
        ref("Progress"),
        (path_id("process_id", "批次编号"),),
        "批次立项前返回 404。支出只计财政已确认的部分，另列待确认金额。",
        errors={404: "批次不存在、尚未公开，或尚未立项"},
    ),
]


async def progress_csv(request: Request) -> Response:
    """The progress page's table; money in yuan with two decimals, from integer fen."""
    process_id, report = await _report(request)
    header = [
        _("街道/镇"),
        _("村/社区"),
        _("项目名称"),
        _("当前节点"),
        _("进度（％）"),
        _("计划完工"),
        _("是否逾期"),
        _("核定奖补（元）"),
        _("已确认支出（元）"),
        _("待确认支出（元）"),
        _("支出比例（％）"),
    ]
    rows = []
    for r in report.rows:
        s = r.standing
        rows.append(
            [
                r.township,
                r.village,
                r.proposal.title,
                _(MILESTONE_KINDS[s.stage]) if s.stage else _("未开工"),
                s.progress_pct,
                s.planned_finish.isoformat() if s.planned_finish else "",
                _("逾期") if s.overdue else "",
                yuan(s.approved_fen),
                yuan(s.spent_fen),
                yuan(s.pending_fen),
                s.spent_pct,
            ]
        )
    return csv_download(f"progress-{process_id}", header, rows)
