"""Questionnaire rules, as pure functions: checking a submitted answer sheet, and checking
a question as staff build it. No database here, so every rule is unit-tested directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from consult.models import OPTION_MAX, PROMPT_MAX, TEXT_ANSWER_MAX, QuestionKind
from core.forms import parse_id
from core.i18n import gettext as _

SCALE = range(1, 6)  # 1–5 分
OPTIONS_MIN, OPTIONS_MAX = 2, 20
QUESTIONS_MAX = 50


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: QuestionKind
    required: bool
    option_ids: tuple[int, ...] = ()
    min_choices: int = 0
    max_choices: int = 0  # 0: no upper limit

    @property
    def field(self) -> str:
        return f"q{self.id}"


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    option_id: int | None = None
    scale: int | None = None
    text: str | None = None


@dataclass
class Checked:
    answers: list[AnswerInput] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field name → message

    @property
    def ok(self) -> bool:
        return not self.errors


def check_answers(specs: Sequence[QuestionSpec], sent: Mapping[str, Sequence[str]]) -> Checked:
    """Turn what the form sent (field ``q<id>`` → values) into answers, or say what is wrong.

    Fields for questions that do not exist are ignored; options that are not the question's
    own are refused (a tampered form), never stored.
    """
    checked = Checked()
    for spec in specs:
        values = [v.strip() for v in sent.get(spec.field, ()) if v.strip()]
        if not values:
            if spec.required:
                checked.errors[spec.field] = _("此题为必答题")
            continue
        answers, error = _CHECKS[spec.kind](spec, values)
        if error:
            checked.errors[spec.field] = error
        else:
            checked.answers += answers
    return checked


def _options(spec: QuestionSpec, values: list[str]) -> tuple[list[int], str]:
    picked: list[int] = []
    for value in values:
        option = parse_id(value)
        if option is None or option not in spec.option_ids:
            return [], _("选项无效，请重新选择")
        if option not in picked:
            picked.append(option)
    return picked, ""


def _single(spec: QuestionSpec, values: list[str]) -> tuple[list[AnswerInput], str]:
    picked, error = _options(spec, values)
    if error:
        return [], error
    if len(picked) != 1:
        return [], _("此题只能选择一项")
    return [AnswerInput(spec.id, option_id=picked[0])], ""


def _multiple(spec: QuestionSpec, values: list[str]) -> tuple[list[AnswerInput], str]:
    picked, error = _options(spec, values)
    if error:
        return [], error
    if len(picked) < spec.min_choices:
        return [], _("此题至少选择 {n} 项").format(n=spec.min_choices)
    if spec.max_choices and len(picked) > spec.max_choices:
        return [], _("此题最多选择 {n} 项").format(n=spec.max_choices)
    return [AnswerInput(spec.id, option_id=option) for option in picked], ""


def _scale(spec: QuestionSpec, values: list[str]) -> tuple[list[AnswerInput], str]:
    score = parse_id(values[0]) if len(values) == 1 else None
    if score is None or score not in SCALE:
        return [], _("请选择 1 到 5 分")
    return [AnswerInput(spec.id, scale=score)], ""


def _text(spec: QuestionSpec, values: list[str]) -> tuple[list[AnswerInput], str]:
    text = "\n".join(values)
    if len(text) > TEXT_ANSWER_MAX:
        return [], _("回答不能超过 {n} 个字").format(n=TEXT_ANSWER_MAX)
    return [AnswerInput(spec.id, text=text)], ""


_CHECKS = {
    QuestionKind.SINGLE: _single,
    QuestionKind.MULTIPLE: _multiple,
    QuestionKind.SCALE: _scale,
    QuestionKind.TEXT: _text,
}


@dataclass(frozen=True)
class QuestionDraft:
    """A question as staff typed it in the builder, before it is stored."""

    kind: QuestionKind
    prompt: str
    required: bool
    options: tuple[str, ...] = ()
    min_choices: int = 0
    max_choices: int = 0


def check_question(draft: QuestionDraft) -> dict[str, str]:
    """Builder rules: a prompt, 2–20 distinct options for choices, sensible limits."""
    errors: dict[str, str] = {}
    if not draft.prompt:
        errors["prompt"] = _("请填写题目")
    elif len(draft.prompt) > PROMPT_MAX:
        errors["prompt"] = _("题目不能超过 {n} 个字").format(n=PROMPT_MAX)
    choices = draft.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    if choices and (error := _option_error(draft.options)):
        errors["options"] = error
    if draft.kind == QuestionKind.MULTIPLE and (error := _limits_error(draft)):
        errors["limits"] = error
    return errors


def _option_error(options: tuple[str, ...]) -> str:
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        return _("选择题需要 {low} 到 {high} 个选项，每行一个").format(
            low=OPTIONS_MIN, high=OPTIONS_MAX
        )
    if any(len(option) > OPTION_MAX for option in options):
        return _("每个选项不能超过 {n} 个字").format(n=OPTION_MAX)
    if len(set(options)) != len(options):
        return _("选项不能重复")
    return ""


def _limits_error(draft: QuestionDraft) -> str:
    count = len(draft.options)
    if not 0 <= draft.min_choices <= count or not 0 <= draft.max_choices <= count:
        return _("选择数量限制应在 0 到 {n} 之间").format(n=count)
    if draft.max_choices and draft.min_choices > draft.max_choices:
        return _("最少选择数不能大于最多选择数")
    return ""
