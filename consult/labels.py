"""Words for consultation values, translated where they are shown."""

from __future__ import annotations

from core.i18n import gettext as _


def phase_labels() -> dict[str, str]:
    return {
        "draft": _("草稿"),
        "upcoming": _("即将开始"),
        "open": _("征集中"),
        "closed": _("已截止"),
        "answered": _("已反馈"),
    }


def kind_labels() -> dict[str, str]:
    return {"single": _("单选"), "multiple": _("多选"), "scale": _("1–5 分"), "text": _("文字回答")}


def adoption_labels() -> dict[str, str]:
    return {"adopted": _("采纳"), "partly": _("部分采纳"), "not_adopted": _("未采纳")}


def document_kind_labels() -> dict[str, str]:
    return {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}
