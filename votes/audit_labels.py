"""The audit log's words for what votes records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_
from projects.labels import RULES

labels.actions(
    {
        "ballot.key": N_("生成选举密钥"),
        "ballot.open": N_("开箱"),
        "ballot.paper": N_("录入纸质选票"),
        "ballot.meeting": N_("录入村民会议表决结果"),
        "process.tally": N_("计票"),
        "process.tally_queued": N_("开始计票（后台）"),
        "process.pb_import": N_("导入 Pabulib 文件"),
    }
)
labels.targets({"ballot_box": N_("投票箱")})
labels.fields(
    {
        "ballots": N_("选票数"),
        "box": N_("投票箱"),
        "shares_needed": N_("开箱所需份数"),
        "shares_made": N_("密钥份数"),
        "fingerprint": N_("密钥指纹"),
        "file": N_("文件"),
        "projects": N_("项目数"),
        "rule": N_("计票规则"),
        "job": N_("后台任务编号"),
    }
)
labels.values("rule", RULES)
