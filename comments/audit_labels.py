"""The audit log's words for what comments records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_

labels.actions(
    {
        "comment.hide": N_("隐藏评论"),
        "comment.restore": N_("恢复评论"),
        "comment.autohide": N_("评论被举报自动隐藏"),
        "comment.answer": N_("官方答复评论"),
    }
)
labels.targets({"comment": N_("评论")})
labels.fields(
    {
        "visibility": N_("显示状态"),
        "hidden_reason": N_("隐藏理由"),
        "report_count": N_("举报次数"),
        "reports_reviewed": N_("已审举报数"),
        "body": N_("内容"),
    }
)
labels.values(
    "visibility",
    {"visible": N_("显示"), "hidden": N_("已隐藏"), "auto_hidden": N_("被举报自动隐藏")},
)
