"""The audit log's words for what the mailbox records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_
from letters.labels import RATINGS, STATUSES

labels.actions(
    {
        "letter.write": N_("代写来信"),
        "letter.accept": N_("受理来信"),
        "letter.decline": N_("不予受理来信"),
        "letter.transfer": N_("转办来信"),
        "letter.reply": N_("答复来信"),
        "letter.reopen": N_("来信再次办理"),
        "letter.rate": N_("评价答复"),
        "letter.escalate": N_("来信逾期督办"),
        "letter.extension.request": N_("申请延期"),
        "letter.extension.approve": N_("批准延期"),
        "letter.extension.refuse": N_("不批准延期"),
        "letter.schedule": N_("录入放假安排"),
    }
)
labels.targets({"letter": N_("来信"), "schedule": N_("放假安排")})
labels.fields(
    {
        "reply_due": N_("答复期限"),
        "text": N_("答复内容"),
        "rating": N_("评价"),
        "days": N_("天数"),
        "source": N_("来源"),
    }
)
labels.values("status", {str(k): v for k, v in STATUSES.items()}, target="letter")
labels.values("rating", {str(k): v for k, v in RATINGS.items()})
