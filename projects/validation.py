"""Validating the process and proposal forms: every message in Chinese, nothing lost."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from core.forms import E, Form, parse_id
from core.i18n import gettext as _
from core.models import Area
from projects.meeting import MeetingKind, MeetingRecord
from projects.models import Category, Feasibility, TallyRule, VotingMethod
from projects.rules import PUBLICITY_DAYS
from projects.services.processes import ProcessSettings
from projects.services.proposals import ProposalFields
from projects.services.review import ReviewDecision, YishiFigures

# The settings each voting method reads (the process form shows only the chosen method's).
SETTINGS_FOR_METHOD = {
    "min_picks": (VotingMethod.APPROVAL, VotingMethod.RANKED),
    "max_picks": (VotingMethod.APPROVAL, VotingMethod.CUMULATIVE, VotingMethod.RANKED),
    "points_total": (VotingMethod.CUMULATIVE,),
    "points_per_project": (VotingMethod.CUMULATIVE,),
    "knapsack_min_share": (VotingMethod.KNAPSACK,),
}
RULES_FOR_METHOD = {
    VotingMethod.APPROVAL: set(TallyRule),
    VotingMethod.KNAPSACK: set(TallyRule) - {TallyRule.EQUAL_SHARES, TallyRule.EQUAL_SHARES_ADD1},
    VotingMethod.CUMULATIVE: set(TallyRule) - {TallyRule.YISHI},
    VotingMethod.RANKED: {TallyRule.GREEDY, TallyRule.GREEDY_NO_SKIP, TallyRule.GREEDY_THRESHOLD},
    VotingMethod.CHOOSE_ONE: {
        TallyRule.GREEDY,
        TallyRule.GREEDY_NO_SKIP,
        TallyRule.GREEDY_THRESHOLD,
        TallyRule.YISHI,
    },
}


def _ratio(form: Form) -> Decimal:
    raw = form.values.get("subsidy_ratio", "").strip().rstrip("%")
    try:
        percent = Decimal(raw)
    except InvalidOperation:
        percent = Decimal(-1)
    # NaN first: Decimal refuses to order it (InvalidOperation), so "NaN" must not get that far.
    if (
        not percent.is_finite()
        or not Decimal(0) <= percent <= Decimal(100)
        or percent.as_tuple().exponent < -2  # type: ignore[operator]
    ):
        form.add_error("subsidy_ratio", _("奖补比例应为 0 到 100 之间的百分数"))
        return Decimal(1)
    return percent / 100


def check_process(form: Form, area: Area | None, child_areas: list[Area]) -> ProcessSettings | None:
    name = form.text("name", _("批次名称"), max_length=100)
    description = form.text("description", _("说明"), max_length=5000, required=False)
    if area is None:
        form.add_error("area", _("请选择覆盖区域"))
    budget = form.money("budget", _("资金总额"))
    if budget <= 0 and "budget" not in form.errors:
        form.add_error("budget", _("资金总额必须大于 0"))
    method = form.choice("voting_method", _("投票方式"), VotingMethod)
    rule = form.choice("tally_rule", _("计票规则"), TallyRule)
    if method and rule and rule not in RULES_FOR_METHOD[method]:
        form.add_error("tally_rule", _("该计票规则不适用于所选投票方式"))
    counts = {
        key: form.optional_integer(key, label)
        for key, label in (
            ("min_picks", _("最少选择项数")),
            ("max_picks", _("最多选择项数")),
            ("points_total", _("总点数")),
            ("points_per_project", _("每项最多点数")),
            ("knapsack_min_share", _("最低预算使用比例")),
            ("vote_threshold", _("票数门槛")),
            ("support_threshold", _("附议门槛")),
        )
    }
    low, high = PUBLICITY_DAYS
    counts["publicity_days"] = form.integer(
        "publicity_days", _("公示天数"), minimum=low, maximum=high
    )
    _check_limits(form, method, counts)
    min_age = form.integer("min_voter_age", _("最低投票年龄"), minimum=14, maximum=100)
    ratio = _ratio(form)
    cap = form.money("subsidy_cap", _("单项奖补上限"), required=False) or None
    dates = {
        k: form.date(k, label, required=False)
        for k, label in (
            ("collecting_start", _("征集开始")),
            ("collecting_end", _("征集截止")),
            ("voting_start", _("投票开始")),
            ("voting_end", _("投票截止")),
        )
    }
    _check_dates(form, dates)
    headings = _headings(form, child_areas, budget)
    if not form.ok or area is None or method is None or rule is None:
        return None
    return ProcessSettings(
        name=name,
        description=description,
        area_id=area.id,
        budget_fen=budget,
        voting_method=method,
        tally_rule=rule,
        min_voter_age=min_age,
        subsidy_ratio=ratio,
        subsidy_cap_fen=cap,
        headings=headings,
        vote_threshold_is_share=form.values.get("vote_threshold_is_share") == "on",
        **counts,  # type: ignore[arg-type]
        **dates,  # type: ignore[arg-type]
    )


def _check_limits(form: Form, method: VotingMethod | None, counts: dict[str, int]) -> None:
    if counts["max_picks"] and counts["min_picks"] > counts["max_picks"]:
        form.add_error("min_picks", _("最少选择项数不能大于最多选择项数"))
    if method == VotingMethod.CUMULATIVE:
        if counts["points_total"] <= 0:
            form.add_error("points_total", _("积分投票须设定总点数"))
        elif counts["points_per_project"] > counts["points_total"]:
            form.add_error("points_per_project", _("每项最多点数不能超过总点数"))
    if method == VotingMethod.RANKED and counts["max_picks"] <= 0:
        form.add_error("max_picks", _("排序投票须设定最多排几项"))
    if counts["knapsack_min_share"] > 100:
        form.add_error("knapsack_min_share", _("比例不能超过 100%"))


def _check_dates(form: Form, dates: Mapping[str, dt.date | None]) -> None:
    order = ["collecting_start", "collecting_end", "voting_start", "voting_end"]
    present = [(k, dates[k]) for k in order if dates[k] is not None]
    for (_k1, first), (k2, second) in itertools.pairwise(present):
        if second is not None and first is not None and second < first:
            form.add_error(k2, _("日期顺序不对：须晚于前一个日期"))


def _headings(form: Form, child_areas: list[Area], budget: int) -> dict[int, int]:
    headings = {
        area.id: form.money(f"heading_{area.id}", area.name, required=False) for area in child_areas
    }
    if sum(headings.values()) > budget > 0:
        form.add_error("budget", _("各分项预算之和超过了资金总额"))
    return headings


def check_proposal(form: Form, villages: dict[int, Area], *, submitting: bool) -> ProposalFields:
    """A resident's words: formats always, completeness when submitting. The 一事一议
    figures are not asked here: the cadre adds them at review (`check_review`)."""
    need = submitting
    chosen = parse_id(form.values.get("area"))
    area_id = chosen if chosen is not None and chosen in villages else 0
    if not area_id:
        form.add_error("area", _("请选择项目所在的村/社区"))
    fields = ProposalFields(
        area_id=area_id,
        title=form.text("title", _("项目名称"), max_length=60),
        summary=form.text("summary", _("要做什么"), max_length=200, required=need),
        body=form.text("body", _("为什么要做"), max_length=5000, required=need),
        category=_choice_or(form, "category", _("类别"), Category.OTHER, need),
        location=form.text("location", _("在哪里"), max_length=100, required=need),
        total_cost_fen=form.money("total_cost", _("大约要花多少钱"), required=need),
    )
    if need and fields.total_cost_fen <= 0 and "total_cost" not in form.errors:
        form.add_error("total_cost", _("大约要花多少钱必须大于 0"))
    return fields


def _choice_or(form: Form, name: str, label: str, default: E, need: bool) -> E:
    """A draft may leave a choice empty; a submitted proposal may not."""
    if not need and not form.values.get(name):
        return default
    return form.choice(name, label, type(default)) or default


def check_figures(form: Form, *, accepting: bool) -> YishiFigures:
    """The cadre's 一事一议 figures at review: formats always; the money split and a valid
    meeting decision (quorum, majority) when the project is accepted for the ballot."""
    f = YishiFigures(
        villager_funds_fen=form.money("villager_funds", _("村民筹资"), required=False),
        labour_days=form.optional_integer("labour_days", _("筹劳工日"), maximum=10**7),
        donations_fen=form.money("donations", _("社会捐赠"), required=False),
        requested_subsidy_fen=form.money("requested_subsidy", _("申请奖补"), required=accepting),
        beneficiaries_people=form.optional_integer("beneficiaries_people", _("受益人数")),
        beneficiaries_households=form.optional_integer("beneficiaries_households", _("受益户数")),
        meeting_kind=_choice_or(
            form, "meeting_kind", _("会议形式"), MeetingKind.VILLAGERS, accepting
        ),
        meeting_date=form.date("meeting_date", _("会议日期"), required=accepting),
        meeting_eligible=form.optional_integer("meeting_eligible", _("应到人数")),
        meeting_present=form.optional_integer("meeting_present", _("实到人数")),
        meeting_in_favour=form.optional_integer("meeting_in_favour", _("赞成人数")),
    )
    if f.beneficiaries_households > f.beneficiaries_people > 0:
        form.add_error("beneficiaries_households", _("受益户数不能多于受益人数"))
    if accepting and f.requested_subsidy_fen <= 0 and "requested_subsidy" not in form.errors:
        form.add_error("requested_subsidy", _("申请奖补必须大于 0"))
    _check_meeting(form, f, accepting)
    return f


def _check_split(form: Form, f: YishiFigures, reviewed_cost_fen: int) -> None:
    if f.villager_funds_fen + f.donations_fen + f.requested_subsidy_fen > reviewed_cost_fen > 0:
        form.add_error("requested_subsidy", _("村民筹资、社会捐赠与申请奖补之和不能超过核定投资"))


def _check_meeting(form: Form, f: YishiFigures, need: bool) -> None:
    if need and f.meeting_eligible <= 0:
        form.add_error("meeting_eligible", _("请填写村民会议应到人数"))
        return
    if f.meeting_present > f.meeting_eligible:
        form.add_error("meeting_present", _("实到人数不能多于应到人数"))
        return
    if f.meeting_in_favour > f.meeting_present:
        form.add_error("meeting_in_favour", _("赞成人数不能多于实到人数"))
        return
    if not need:
        return
    record = MeetingRecord(
        f.meeting_kind, f.meeting_eligible, f.meeting_present, f.meeting_in_favour
    )
    if not record.has_quorum():
        form.add_error("meeting_present", quorum_message(f.meeting_kind))
    elif not record.passed():
        form.add_error("meeting_in_favour", _("赞成人数未超过到会人数的一半，决议未通过"))


def quorum_message(kind: MeetingKind) -> str:
    if kind == MeetingKind.VILLAGERS:
        return _("到会人数须超过本村十八周岁以上村民的一半，本次会议未达到法定人数")
    return _("到会户代表须达到本村户数的三分之二以上，本次会议未达到法定人数")


def check_review(form: Form) -> ReviewDecision | None:
    decision = form.values.get("decision")
    if decision not in ("accept", "reject"):
        form.add_error("decision", _("请选择审核结果"))
    feasibility = form.choice("feasibility", _("可行性"), Feasibility)
    reviewed = form.money("reviewed_cost", _("核定投资"))
    answer = form.text("official_answer", _("官方答复"), max_length=2000, required=False)
    reason = form.text(
        "rejection_reason", _("不予通过的理由"), max_length=500, required=decision == "reject"
    )
    figures = check_figures(form, accepting=decision == "accept")
    _check_split(form, figures, reviewed)
    if not form.ok or feasibility is None:
        return None
    return ReviewDecision(decision == "accept", feasibility, reviewed, answer, reason, figures)
