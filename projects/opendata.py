"""Processes and proposals as open data (开放数据): what the public pages show, field by field.

Each serialiser builds its dict from an explicit list of fields, never from the model as a
whole, so a column added to a table stays private until someone adds it here (and to the
schema beside it, which documents the API and is checked against real responses). No
author is named: the proposal page names none either; comments carry the masked name the
page shows, and a hidden comment's text is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from comments.queries import CommentView, Thread
from core.api.schema import (
    Schema,
    array,
    boolean,
    fen,
    integer,
    nullable,
    obj,
    page_of,
    ref,
    string,
)
from core.models import Area
from projects.meeting import MeetingKind
from projects.models import (
    Attachment,
    Category,
    Feasibility,
    Heading,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
    TallyRule,
    VotingMethod,
)
from projects.queries import TimelineStep

PUBLIC_STATUSES = [s.value for s in ProposalStatus if s != ProposalStatus.DRAFT]


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def area(place: Area) -> dict[str, Any]:
    return {"code": place.code, "name": place.name}


def process_summary(process: Process) -> dict[str, Any]:
    """Needs `process.area` loaded."""
    return {
        "id": process.id,
        "name": process.name,
        "area": area(process.area),
        "phase": process.phase.value,
        "budget_fen": process.budget_fen,
        "html_url": f"/processes/{process.id}",
    }


def process_detail(
    process: Process, timeline: list[TimelineStep], headings: list[Heading]
) -> dict[str, Any]:
    return process_summary(process) | {
        "description": process.description,
        "voting_method": process.voting_method.value,
        "tally_rule": process.tally_rule.value,
        "subsidy_cap_fen": process.subsidy_cap_fen,
        "support_threshold": process.support_threshold,
        "collecting_start": _date(process.collecting_start),
        "collecting_end": _date(process.collecting_end),
        "voting_start": _date(process.voting_start),
        "voting_end": _date(process.voting_end),
        "publicity_days": process.publicity_days,
        "headings": [{"area": area(h.area), "budget_fen": h.budget_fen} for h in headings],
        "timeline": [
            {
                "phase": s.phase.value,
                "entered_at": _date(s.entered_at),
                "current": s.current,
                "done": s.done,
            }
            for s in timeline
        ],
    }


def proposal_summary(proposal: Proposal) -> dict[str, Any]:
    """Needs `proposal.area` loaded."""
    return {
        "id": proposal.id,
        "process_id": proposal.process_id,
        "title": proposal.title,
        "summary": proposal.summary,
        "area": area(proposal.area),
        "category": proposal.category.value,
        "status": proposal.status.value,
        "total_cost_fen": proposal.total_cost_fen,
        "villager_funds_fen": proposal.villager_funds_fen,
        "labour_days": proposal.labour_days,
        "donations_fen": proposal.donations_fen,
        "requested_subsidy_fen": proposal.requested_subsidy_fen,
        "support_count": proposal.support_count,
        "html_url": f"/proposals/{proposal.id}",
    }


def _review(proposal: Proposal) -> dict[str, Any] | None:
    # The page shows feasibility and reviewed cost only inside the official answer's box.
    if not proposal.official_answer:
        return None
    return {
        "official_answer": proposal.official_answer,
        "feasibility": proposal.feasibility.value if proposal.feasibility else None,
        "reviewed_cost_fen": proposal.reviewed_cost_fen,
    }


def _attachment(item: Attachment) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "name": item.original_name,
        "url": f"/attachments/{item.id}",
    }


def comment(view: CommentView) -> dict[str, Any]:
    """One comment as an anonymous visitor sees it on the page."""
    c = view.comment
    return {
        "id": c.id,
        "author": view.author_label,
        "author_place": view.author_place,
        "is_official": c.is_official,
        "stance": c.stance.value if c.stance else None,
        "created_at": _date(c.created_at),
        "hidden": c.is_hidden,
        "hidden_notice": view.hidden_notice if c.is_hidden else None,
        "body": c.body if view.show_text else None,
        "support_count": c.support_count,
        "replies": [comment(r) for r in view.replies],
    }


def proposal_detail(
    proposal: Proposal, attachments: list[Attachment], thread: Thread
) -> dict[str, Any]:
    rejected = proposal.status == ProposalStatus.REJECTED
    return proposal_summary(proposal) | {
        "body": proposal.body,
        "location": proposal.location,
        "on_behalf_of_village": proposal.on_behalf_of_village,
        "beneficiaries_people": proposal.beneficiaries_people,
        "beneficiaries_households": proposal.beneficiaries_households,
        "meeting": {
            "kind": proposal.meeting_kind.value,
            "date": _date(proposal.meeting_date),
            "eligible": proposal.meeting_eligible,
            "present": proposal.meeting_present,
            "in_favour": proposal.meeting_in_favour,
        },
        "review": _review(proposal),
        "rejection_reason": proposal.rejection_reason if rejected else None,
        "attachments": [_attachment(a) for a in attachments],
        "comments": {
            "total": thread.total,
            "stances": _stances(thread),
            "items": [comment(v) for v in thread.comments],
        },
    }


def _stances(thread: Thread) -> dict[str, int]:
    return {s: thread.stances.get(s, 0) for s in ("support", "neutral", "oppose")}


# The schemas: the same whitelist, documented (OpenAPI 3.1 components).


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _date_field(description: str) -> Schema:
    return nullable(string(description, fmt="date"))


AREA = obj("区域", code=string("12 位行政区划代码"), name=string("名称"))
PROCESS_SUMMARY_FIELDS: dict[str, Schema] = {
    "id": integer(),
    "name": string("批次名称"),
    "area": ref("Area"),
    "phase": string("当前阶段", enum=[p for p in _values(Phase) if p != "draft"]),
    "budget_fen": fen("资金池"),
    "html_url": string("公开页面的路径"),
}
PROCESS_SUMMARY = obj("参与式预算批次（列表项）", **PROCESS_SUMMARY_FIELDS)
PROCESS = obj(
    "参与式预算批次",
    **PROCESS_SUMMARY_FIELDS,
    description=string("说明"),
    voting_method=string("投票方式", enum=_values(VotingMethod)),
    tally_rule=string("计票规则", enum=_values(TallyRule)),
    subsidy_cap_fen=nullable(fen("单项奖补上限")),
    support_threshold=integer("提案进入审核所需附议人数（0 表示不要求）"),
    collecting_start=_date_field("征集开始"),
    collecting_end=_date_field("征集截止"),
    voting_start=_date_field("投票开始"),
    voting_end=_date_field("投票截止"),
    publicity_days=integer("公示天数"),
    headings=array(obj("分项预算", area=ref("Area"), budget_fen=fen("分项预算"))),
    timeline=array(
        obj(
            "阶段",
            phase=string(enum=_values(Phase)),
            entered_at=nullable(string("进入该阶段的时间", fmt="date-time")),
            current=boolean("当前阶段"),
            done=boolean("已经过"),
        )
    ),
)
PROPOSAL_SUMMARY_FIELDS: dict[str, Schema] = {
    "id": integer(),
    "process_id": integer(),
    "title": string("项目名称"),
    "summary": string("简介"),
    "area": ref("Area"),
    "category": string("类别", enum=_values(Category)),
    "status": string("状态", enum=PUBLIC_STATUSES),
    "total_cost_fen": fen("总投资"),
    "villager_funds_fen": fen("村民筹资"),
    "labour_days": integer("筹劳（工日）"),
    "donations_fen": fen("社会捐赠"),
    "requested_subsidy_fen": fen("申请奖补"),
    "support_count": integer("附议人数"),
    "html_url": string("公开页面的路径"),
}
PROPOSAL_SUMMARY = obj("项目提案（列表项）", **PROPOSAL_SUMMARY_FIELDS)
COMMENT = obj(
    "评论（匿名访客所见）",
    id=integer(),
    author=string("署名：居民只显示姓氏，官方答复显示姓名"),
    author_place=string("作者所在村/社区（官方答复为空）"),
    is_official=boolean("官方答复"),
    stance=nullable(string("立场", enum=["support", "neutral", "oppose"])),
    created_at=string(fmt="date-time"),
    hidden=boolean("已被隐藏"),
    hidden_notice=nullable(string("隐藏说明（含公开的隐藏理由）")),
    body=nullable(string("正文；被隐藏的评论为 null")),
    support_count=integer("支持人数"),
    replies=array(ref("Comment"), "回复（只有一层）"),
)
PROPOSAL = obj(
    "项目提案",
    **PROPOSAL_SUMMARY_FIELDS,
    body=string("详细说明"),
    location=string("位置"),
    on_behalf_of_village=boolean("由村/社区干部代为提出"),
    beneficiaries_people=integer("受益人数"),
    beneficiaries_households=integer("受益户数"),
    meeting=obj(
        "村民会议决议（一事一议）",
        kind=string("会议形式", enum=_values(MeetingKind)),
        date=_date_field("会议日期"),
        eligible=integer("应到"),
        present=integer("实到"),
        in_favour=integer("赞成"),
    ),
    review=nullable(
        obj(
            "官方审核答复",
            official_answer=string("答复"),
            feasibility=nullable(string("可行性", enum=_values(Feasibility))),
            reviewed_cost_fen=nullable(fen("核定投资")),
        )
    ),
    rejection_reason=nullable(string("未通过审核的理由（仅未通过时）")),
    attachments=array(
        obj(
            "附件",
            id=integer(),
            kind=string(enum=["photo", "pdf"]),
            name=string("文件名"),
            url=string("下载路径"),
        ),
        "照片和会议记录",
    ),
    comments=obj(
        "评论",
        total=integer("评论和回复总数"),
        stances=obj(
            "各立场的顶层评论数（不含被隐藏的）",
            support=integer(),
            neutral=integer(),
            oppose=integer(),
        ),
        items=array(ref("Comment")),
    ),
)
SCHEMAS = {
    "Area": AREA,
    "ProcessSummary": PROCESS_SUMMARY,
    "Process": PROCESS,
    "ProposalSummary": PROPOSAL_SUMMARY,
    "Proposal": PROPOSAL,
    "Comment": COMMENT,
}
SCHEMAS |= {
    "ProcessPage": page_of("ProcessSummary", "一页批次"),
    "ProposalPage": page_of("ProposalSummary", "一页项目提案"),
}
