"""Words shown for the mailbox's codes (translated where they are shown)."""

from __future__ import annotations

from typing import Any

from core.i18n import N_
from core.i18n import gettext as _
from letters.models import EventKind, LetterKind, LetterStatus, Rating

KINDS = {
    LetterKind.CONSULT: N_("咨询"),
    LetterKind.SUGGEST: N_("建议"),
    LetterKind.HELP: N_("求助"),
    LetterKind.COMPLAIN: N_("投诉"),
    LetterKind.PRAISE: N_("表扬"),
}
STATUSES = {
    LetterStatus.NEW: N_("待受理"),
    LetterStatus.ACCEPTED: N_("办理中"),
    LetterStatus.REPLIED: N_("已答复"),
    LetterStatus.DECLINED: N_("不予受理"),
}
RATINGS = {
    Rating.SATISFIED: N_("满意"),
    Rating.BASIC: N_("基本满意"),
    Rating.UNSATISFIED: N_("不满意"),
}
# 不予受理 only for one of these reasons (with an optional note).
DECLINE_REASONS = {
    "litigation": N_("已进入诉讼、仲裁程序"),
    "duplicate": N_("重复来信"),
    "not_ours": N_("不属于本平台受理范围"),
    "no_content": N_("内容不清、无具体诉求"),
    "abusive": N_("含有违法或侮辱性内容"),
}
EVENTS = {
    EventKind.WRITTEN: N_("来信"),
    EventKind.ACCEPTED: N_("受理"),
    EventKind.TRANSFERRED: N_("转办"),
    EventKind.DECLINED: N_("不予受理"),
    EventKind.EXTENSION_REQUESTED: N_("申请延期"),
    EventKind.EXTENSION_APPROVED: N_("批准延期"),
    EventKind.EXTENSION_REFUSED: N_("不批准延期"),
    EventKind.REPLIED: N_("答复"),
    EventKind.RATED: N_("评价"),
    EventKind.REOPENED: N_("再次办理"),
    EventKind.ESCALATED: N_("督办"),
}


def letter_labels() -> dict[str, dict[str, str]]:
    """Every table above, translated, for templates (keys are the codes)."""
    tables: dict[str, dict[Any, str]] = {
        "kind_labels": KINDS,
        "status_labels": STATUSES,
        "rating_labels": RATINGS,
        "decline_labels": DECLINE_REASONS,
        "event_labels": EVENTS,
    }
    return {name: {str(k): _(v) for k, v in table.items()} for name, table in tables.items()}
