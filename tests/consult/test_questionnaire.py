"""Questionnaire rules as pure functions: answer sheets and the builder's questions."""

from __future__ import annotations

from consult.models import QuestionKind
from consult.questionnaire import (
    AnswerInput,
    QuestionDraft,
    QuestionSpec,
    check_answers,
    check_question,
)

SINGLE = QuestionSpec(1, QuestionKind.SINGLE, True, option_ids=(11, 12, 13))
MULTI = QuestionSpec(
    2, QuestionKind.MULTIPLE, True, option_ids=(21, 22, 23, 24), min_choices=1, max_choices=2
)
SCALE = QuestionSpec(3, QuestionKind.SCALE, False)
TEXT = QuestionSpec(4, QuestionKind.TEXT, False)
ALL = [SINGLE, MULTI, SCALE, TEXT]


def test_a_complete_sheet() -> None:
    checked = check_answers(
        ALL, {"q1": ["12"], "q2": ["21", "24"], "q3": ["5"], "q4": [" 早点开工 "], "q99": ["1"]}
    )
    assert checked.ok
    assert checked.answers == [
        AnswerInput(1, option_id=12),
        AnswerInput(2, option_id=21),
        AnswerInput(2, option_id=24),
        AnswerInput(3, scale=5),
        AnswerInput(4, text="早点开工"),
    ]


def test_required_questions_must_be_answered_optional_ones_may_be_skipped() -> None:
    checked = check_answers(ALL, {"q1": [""], "q3": [], "q4": ["   "]})
    assert checked.errors == {"q1": "此题为必答题", "q2": "此题为必答题"}


def test_multiple_choice_limits() -> None:
    assert check_answers([MULTI], {"q2": ["21", "22", "23"]}).errors == {"q2": "此题最多选择 2 项"}
    at_least = QuestionSpec(5, QuestionKind.MULTIPLE, False, (51, 52, 53), min_choices=2)
    assert check_answers([at_least], {"q5": ["51"]}).errors == {"q5": "此题至少选择 2 项"}
    assert check_answers([at_least], {}).ok  # optional: skipping it is fine
    repeated = check_answers([MULTI], {"q2": ["21", "21", "22"]})
    assert repeated.ok and len(repeated.answers) == 2


def test_unknown_or_foreign_options_are_refused() -> None:
    assert check_answers([SINGLE], {"q1": ["21"]}).errors == {"q1": "选项无效，请重新选择"}
    assert check_answers([SINGLE], {"q1": ["abc"]}).errors == {"q1": "选项无效，请重新选择"}
    assert check_answers([MULTI], {"q2": ["21", "999"]}).errors == {"q2": "选项无效，请重新选择"}
    assert check_answers([SINGLE], {"q1": ["11", "12"]}).errors == {"q1": "此题只能选择一项"}


def test_scale_and_text() -> None:
    for bad in (["0"], ["6"], ["3.5"], ["1", "2"]):
        assert check_answers([SCALE], {"q3": bad}).errors == {"q3": "请选择 1 到 5 分"}
    assert check_answers([TEXT], {"q4": ["字" * 1001]}).errors == {"q4": "回答不能超过 1000 个字"}


def test_builder_rules() -> None:
    good = QuestionDraft(QuestionKind.MULTIPLE, "关心什么？", True, ("甲", "乙", "丙"), 1, 2)
    assert check_question(good) == {}
    assert check_question(QuestionDraft(QuestionKind.SCALE, "", True)) == {"prompt": "请填写题目"}
    assert "options" in check_question(QuestionDraft(QuestionKind.SINGLE, "选", True, ("甲",)))
    assert check_question(QuestionDraft(QuestionKind.SINGLE, "选", True, ("甲", "甲"))) == {
        "options": "选项不能重复"
    }
    assert check_question(QuestionDraft(QuestionKind.MULTIPLE, "选", True, ("甲", "乙"), 2, 1)) == {
        "limits": "最少选择数不能大于最多选择数"
    }
    assert "limits" in check_question(
        QuestionDraft(QuestionKind.MULTIPLE, "选", True, ("甲", "乙"), 0, 5)
    )
    assert check_question(QuestionDraft(QuestionKind.TEXT, "说说", False)) == {}
