"""The audit log's words for what accountability records (``core.auditlog.labels``)."""

from __future__ import annotations

from accountability.implementation.labels import MILESTONE_KINDS
from accountability.objections.labels import OUTCOMES
from core.auditlog import labels
from core.i18n import N_

labels.actions(
    {
        "award.finance": N_("财政核定/拨付奖补"),
        "payee.update": N_("登记村集体收款账户"),
        "implementation.plan": N_("填写实施计划"),
        "implementation.milestone": N_("报告实施节点"),
        "implementation.spend": N_("登记实施支出"),
        "implementation.spend_confirm": N_("财政确认支出"),
        "objection.file": N_("提出异议"),
        "objection.answer": N_("答复异议"),
        "rating.answer": N_("回复项目评价"),
        "rating.hide": N_("隐藏评价意见"),
        "rating.restore": N_("恢复评价意见"),
    }
)
labels.targets(
    {
        "award": N_("奖补"),
        "spend": N_("支出"),
        "objection": N_("异议"),
        "project_rating": N_("项目评价"),
    }
)
labels.fields(
    {
        "subsidy_fen": N_("计票奖补"),
        "confirmed_fen": N_("核定奖补"),
        "disbursed_fen": N_("已拨付"),
        "disbursed_on": N_("拨付日期"),
        "account_name": N_("户名"),
        "bank": N_("开户银行"),
        "account_number": N_("银行账号"),
        "planned_start": N_("计划开工"),
        "planned_finish": N_("计划完工"),
        "on": N_("日期"),
        "progress_pct": N_("进度（百分比）"),
        "files": N_("照片数"),
        "note": N_("说明"),
        "amount_fen": N_("金额"),
        "spent_on": N_("支出日期"),
        "purpose": N_("用途"),
        "confirmed": N_("已确认"),
        "reason": N_("理由"),
        "answer": N_("答复"),
        "answered_at": N_("答复时间"),
        "answered_by_id": N_("答复人"),
        "outcome": N_("处理结果"),
        "comment_hidden": N_("意见已隐藏"),
        "hidden_by_id": N_("隐藏人"),
        "hidden_at": N_("隐藏时间"),
    }
)
labels.values("kind", {str(k): v for k, v in MILESTONE_KINDS.items()}, target="proposal")
labels.values("outcome", OUTCOMES, target="objection")
