"""The audit log's words for what projects records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_
from projects.labels import CATEGORIES, FEASIBILITY, METHODS, PHASES, RULES, STATUSES

labels.actions(
    {
        "process.create": N_("新建批次"),
        "process.update": N_("修改批次设置"),
        "process.phase": N_("批次进入新阶段"),
        "proposal.create": N_("代村/社区起草提案"),
        "proposal.submit": N_("提交提案"),
        "proposal.review": N_("审核提案"),
        "proposal.from_letter": N_("由来信起草提案"),
    }
)
labels.targets({"process": N_("批次"), "proposal": N_("提案")})
labels.fields(
    {
        "voting_method": N_("投票方式"),
        "tally_rule": N_("计票规则"),
        "min_picks": N_("最少选"),
        "max_picks": N_("最多选"),
        "points_total": N_("总分"),
        "points_per_project": N_("每项最多分"),
        "knapsack_min_share": N_("预算最低使用比例"),
        "vote_threshold": N_("得票门槛"),
        "vote_threshold_is_share": N_("门槛按比例"),
        "budget_fen": N_("预算"),
        "min_voter_age": N_("最低投票年龄"),
        "subsidy_ratio": N_("奖补比例"),
        "subsidy_cap_fen": N_("单项奖补上限"),
        "support_threshold": N_("附议门槛"),
        "area_id": N_("区域编号"),
        "phase": N_("阶段"),
        "status": N_("状态"),
        "feasibility": N_("可行性"),
        "reviewed_cost_fen": N_("核定投资"),
        "requested_subsidy_fen": N_("申请奖补"),
        "villager_funds_fen": N_("村民自筹"),
        "meeting_present": N_("村民会议实到人数"),
        "meeting_in_favour": N_("村民会议赞成人数"),
        "official_answer": N_("官方答复"),
        "rejection_reason": N_("不通过理由"),
        "category": N_("类别"),
        "title": N_("标题"),
    }
)
labels.values("phase", PHASES)
labels.values("status", STATUSES, target="proposal")
labels.values("feasibility", FEASIBILITY)
labels.values("voting_method", METHODS)
labels.values("tally_rule", RULES)
labels.values("category", CATEGORIES)
