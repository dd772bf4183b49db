"""The audit log's words for what reach records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_

labels.actions({"delivery.resend": N_("重发通知")})
labels.targets({"delivery": N_("通知投递")})
labels.fields({"state": N_("投递状态")})
labels.values(
    "state",
    {
        "pending": N_("待发送"),
        "sending": N_("发送中"),
        "sent": N_("已交服务商"),
        "failed": N_("失败"),
        "skipped": N_("未发送"),
    },
)
