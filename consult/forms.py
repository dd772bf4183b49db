"""Reading the staff forms (topic, question, feedback) into drafts, with Chinese messages."""

from __future__ import annotations

import datetime as dt

from consult.models import TITLE_MAX, QuestionKind
from consult.questionnaire import QuestionDraft
from consult.services import BODY_MAX, TopicDraft
from core.forms import Form, parse_id
from core.i18n import gettext as _


def _date(form: Form, name: str, label: str) -> dt.date | None:
    raw = form.values.get(name, "")
    if not raw:
        form.add_error(name, _("请填写{label}").format(label=label))
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        form.add_error(name, _("{label}不是有效日期").format(label=label))
        return None


def topic_draft(form: Form) -> TopicDraft | None:
    title = form.text("title", _("标题"), max_length=TITLE_MAX)
    body = form.text("body", _("正文"), max_length=BODY_MAX)
    area = parse_id(form.values.get("area"))
    if area is None:
        form.add_error("area", _("请选择区域"))
    opens_on = _date(form, "opens_on", _("开始日期"))
    closes_on = _date(form, "closes_on", _("截止日期"))
    if not form.ok or area is None or opens_on is None or closes_on is None:
        return None
    return TopicDraft(title=title, body=body, area_id=area, opens_on=opens_on, closes_on=closes_on)


def _count(form: Form, name: str) -> int:
    count = parse_id(form.values.get(name, "").strip() or "0")
    if count is None:
        form.add_error("limits", _("选择数量限制必须是整数"))
        return 0
    return count


def question_draft(form: Form, raw_options: str) -> QuestionDraft | None:
    try:
        kind = QuestionKind(form.values.get("kind", ""))
    except ValueError:
        form.add_error("kind", _("请选择题型"))
        return None
    options = tuple(line.strip() for line in raw_options.splitlines() if line.strip())
    draft = QuestionDraft(
        kind=kind,
        prompt=form.values.get("prompt", ""),
        required=form.values.get("required") == "1",
        options=options,
        min_choices=_count(form, "min_choices"),
        max_choices=_count(form, "max_choices"),
    )
    return draft if form.ok else None
