"""Words for the comment system's values, translated where they are shown."""

from __future__ import annotations

from core.i18n import gettext as _


def stance_labels() -> dict[str, str]:
    return {"support": _("支持"), "neutral": _("中立"), "oppose": _("反对")}


def report_reason_labels() -> dict[str, str]:
    return {
        "abuse": _("辱骂、人身攻击"),
        "spam": _("广告、刷屏"),
        "privacy": _("泄露他人隐私"),
        "off_topic": _("与议题无关"),
        "other": _("其他"),
    }
