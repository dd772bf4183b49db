"""Questionnaire writes: staff build it (while the topic is a draft), residents answer it
(one response each, a database constraint; replaced until the topic closes)."""

from __future__ import annotations

import asyncio

from tortoise.exceptions import IntegrityError, TransactionManagementError
from tortoise.transactions import in_transaction

from comments.permissions import may_comment
from consult.models import Answer, Question, QuestionOption, SurveyResponse, Topic, TopicStatus
from consult.questionnaire import (
    QUESTIONS_MAX,
    AnswerInput,
    Checked,
    QuestionDraft,
    QuestionSpec,
    check_answers,
    check_question,
)
from consult.services import TopicForbidden, TopicRefused, check_manages
from consult.subjects import topic_subject
from core import audit
from core.i18n import gettext as _
from core.principal import Principal

SUBMIT_ATTEMPTS = 3


def _check_editable(actor: Principal, topic: Topic) -> None:
    check_manages(actor, topic)
    if topic.status != TopicStatus.DRAFT:
        # Answers already given must keep meaning what they meant.
        raise TopicRefused(_("议题发布后问卷不能再修改"), "questionnaire")


async def question_add(actor: Principal, topic: Topic, draft: QuestionDraft) -> Question:
    _check_editable(actor, topic)
    errors = check_question(draft)
    if errors:
        field, message = next(iter(errors.items()))
        raise TopicRefused(message, field)
    async with in_transaction():
        count = await Question.filter(topic=topic).count()
        if count >= QUESTIONS_MAX:
            raise TopicRefused(_("问卷最多 {n} 题").format(n=QUESTIONS_MAX), "prompt")
        choices = draft.kind.value in ("single", "multiple")
        question = await Question.create(
            topic=topic,
            position=count + 1,
            kind=draft.kind,
            prompt=draft.prompt,
            required=draft.required,
            min_choices=draft.min_choices if draft.kind.value == "multiple" else 0,
            max_choices=draft.max_choices if draft.kind.value == "multiple" else 0,
        )
        if choices:
            await QuestionOption.bulk_create(
                [
                    QuestionOption(question=question, position=i, label=label)
                    for i, label in enumerate(draft.options, start=1)
                ]
            )
        await audit.record(
            actor,
            "consult.question.add",
            ("topic", topic.id),
            f"问卷添加题目「{draft.prompt}」",
            after={"kind": draft.kind.value, "options": list(draft.options)},
        )
    return question


async def question_remove(actor: Principal, topic: Topic, question: Question) -> None:
    _check_editable(actor, topic)
    async with in_transaction():
        await question.delete()
        await _renumber(topic)
        await audit.record(
            actor,
            "consult.question.remove",
            ("topic", topic.id),
            f"问卷删除题目「{question.prompt}」",
        )


async def question_move(actor: Principal, topic: Topic, question: Question, step: int) -> None:
    """Move one place up (-1) or down (+1)."""
    _check_editable(actor, topic)
    async with in_transaction():
        ordered = await Question.filter(topic=topic).order_by("position", "id")
        index = next(i for i, q in enumerate(ordered) if q.id == question.id)
        other = index + step
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
            await _save_positions(ordered)
            await audit.record(
                actor,
                "consult.question.move",
                ("topic", topic.id),
                f"调整题目顺序「{question.prompt}」",
            )


async def _renumber(topic: Topic) -> None:
    await _save_positions(await Question.filter(topic=topic).order_by("position", "id"))


async def _save_positions(ordered: list[Question]) -> None:
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            await question.save(update_fields=["position"])


async def question_specs(topic: Topic) -> list[QuestionSpec]:
    questions = await Question.filter(topic=topic).prefetch_related("options")
    return [
        QuestionSpec(
            id=q.id,
            kind=q.kind,
            required=q.required,
            option_ids=tuple(o.id for o in q.options),
            min_choices=q.min_choices,
            max_choices=q.max_choices,
        )
        for q in questions
    ]


async def response_submit(
    actor: Principal, topic: Topic, sent: dict[str, list[str]]
) -> tuple[SurveyResponse | None, Checked]:
    """填写问卷. Returns the stored response, or None with the errors to show.

    The unique (topic, respondent) constraint, not a read-then-write, keeps it to one
    response per person: of simultaneous first submissions one inserts, the others hit
    the constraint and retry as an update of that row, serialised by its row lock.
    """
    if not await may_comment(actor, topic_subject(topic)):
        raise TopicForbidden(_("只有本辖区的居民可以在征集期内填写问卷"))
    checked = check_answers(await question_specs(topic), sent)
    if not checked.ok:
        return None, checked
    for attempt in range(SUBMIT_ATTEMPTS):
        try:
            return await _store(actor, topic, checked.answers), checked
        except (IntegrityError, TransactionManagementError):
            if attempt == SUBMIT_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


async def _store(actor: Principal, topic: Topic, answers: list[AnswerInput]) -> SurveyResponse:
    async with in_transaction():
        response = await SurveyResponse.select_for_update().get_or_none(
            topic_id=topic.id, respondent_id=actor.id
        )
        if response is None:
            response = await SurveyResponse.create(topic_id=topic.id, respondent_id=actor.id)
        else:
            await Answer.filter(response=response).delete()
            await response.save(update_fields=["updated_at"])
        await Answer.bulk_create(
            [
                Answer(
                    response=response,
                    question_id=a.question_id,
                    option_id=a.option_id,
                    scale=a.scale,
                    text=a.text,
                )
                for a in answers
            ]
        )
    return response
