"""Consultation tables: topics, their documents, questionnaires, responses, feedback."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from comments.models import Comment
from core.models import Area, User
from letters.models import Letter

TITLE_MAX = 100
PROMPT_MAX = 200
OPTION_MAX = 100
TEXT_ANSWER_MAX = 1000
REASON_MAX = 1000


class TopicStatus(StrEnum):
    DRAFT = "draft"  # 草稿: staff only
    OPEN = "open"  # 征集中 (between its open and close dates)
    CLOSED = "closed"  # 已截止
    ANSWERED = "answered"  # 已反馈: the public response is out


class QuestionKind(StrEnum):
    SINGLE = "single"  # 单选
    MULTIPLE = "multiple"  # 多选 (with limits)
    SCALE = "scale"  # 1–5 分
    TEXT = "text"  # 填空


class Adoption(StrEnum):
    ADOPTED = "adopted"  # 采纳
    PARTLY = "partly"  # 部分采纳
    NOT_ADOPTED = "not_adopted"  # 未采纳


class Topic(Model):
    """意见征集议题: a draft policy or plan put to the residents of an area."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=TITLE_MAX)
    body = fields.TextField()  # Markdown, rendered and sanitised on output
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="topics", on_delete=fields.RESTRICT
    )
    area_id: int
    status = fields.CharEnumField(TopicStatus, max_length=10, default=TopicStatus.DRAFT)
    opens_on = fields.DateField()
    closes_on = fields.DateField()  # the last day opinions are taken (inclusive)
    response = fields.TextField(default="")  # the public response document (Markdown)
    answered_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="topics", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # The resident's letter (领导信箱) this topic grew out of; the two pages link.
    from_letter: fields.ForeignKeyNullableRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="topics", null=True, on_delete=fields.SET_NULL
    )
    from_letter_id: int | None

    documents: fields.ReverseRelation[TopicDocument]
    questions: fields.ReverseRelation[Question]

    class Meta:
        table = "consult_topic"
        ordering: ClassVar[list[str]] = ["-opens_on", "-id"]
        indexes = (("status", "closes_on"),)

    def phase(self, today: dt.date) -> str:
        """What the public sees: draft, upcoming, open, closed or answered.

        An open topic closes by itself after its close date, without a job to flip it.
        """
        if self.status != TopicStatus.OPEN:
            return self.status.value
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"


class TopicDocument(Model):
    """An attached draft (PDF/DOCX/XLSX), kept under a generated name, never the client's.

    Not a core.uploads.FileRecord: no photo, so no thumbnail or content type, and a sha256
    that the public can check the download against."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "yishi.Topic", related_name="documents", on_delete=fields.CASCADE
    )
    topic_id: int
    kind = fields.CharField(max_length=8)  # pdf | docx | xlsx
    stored_name = fields.CharField(max_length=64, unique=True)
    original_name = fields.CharField(max_length=120)  # shown and offered as download name
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    uploaded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="topic_documents", null=True, on_delete=fields.SET_NULL
    )
    uploaded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "consult_document"
        ordering: ClassVar[list[str]] = ["id"]


class Question(Model):
    """问卷题目, in `position` order."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "yishi.Topic", related_name="questions", on_delete=fields.CASCADE
    )
    topic_id: int
    position = fields.IntField()
    kind = fields.CharEnumField(QuestionKind, max_length=10)
    prompt = fields.CharField(max_length=PROMPT_MAX)
    required = fields.BooleanField(default=True)
    # Multiple choice: how many options may be picked (0 = no upper limit).
    min_choices = fields.IntField(default=0)
    max_choices = fields.IntField(default=0)

    options: fields.ReverseRelation[QuestionOption]

    class Meta:
        table = "consult_question"
        ordering: ClassVar[list[str]] = ["position", "id"]


class QuestionOption(Model):
    id = fields.IntField(primary_key=True)
    question: fields.ForeignKeyRelation[Question] = fields.ForeignKeyField(
        "yishi.Question", related_name="options", on_delete=fields.CASCADE
    )
    question_id: int
    position = fields.IntField()
    label = fields.CharField(max_length=OPTION_MAX)

    class Meta:
        table = "consult_option"
        ordering: ClassVar[list[str]] = ["position", "id"]


class SurveyResponse(Model):
    """答卷: one per resident per topic (a unique constraint), editable until close."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "yishi.Topic", related_name="responses", on_delete=fields.CASCADE
    )
    topic_id: int
    respondent: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="consult_responses", on_delete=fields.CASCADE
    )
    respondent_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    answers: fields.ReverseRelation[Answer]

    class Meta:
        table = "consult_response"
        unique_together = (("topic", "respondent"),)


class Answer(Model):
    """One answer of a response: a picked option (one row per pick), a scale or text."""

    id = fields.IntField(primary_key=True)
    response: fields.ForeignKeyRelation[SurveyResponse] = fields.ForeignKeyField(
        "yishi.SurveyResponse", related_name="answers", on_delete=fields.CASCADE
    )
    response_id: int
    question: fields.ForeignKeyRelation[Question] = fields.ForeignKeyField(
        "yishi.Question", related_name="answers", on_delete=fields.CASCADE
    )
    question_id: int
    option: fields.ForeignKeyNullableRelation[QuestionOption] = fields.ForeignKeyField(
        "yishi.QuestionOption", related_name="answers", null=True, on_delete=fields.CASCADE
    )
    option_id: int | None
    scale = fields.SmallIntField(null=True)
    text = fields.TextField(null=True)

    class Meta:
        table = "consult_answer"


class OpinionFeedback(Model):
    """反馈: an official's decision on one opinion (adopted / partly / not), with a reason."""

    id = fields.IntField(primary_key=True)
    comment: fields.OneToOneRelation[Comment] = fields.OneToOneField(
        "yishi.Comment", related_name="feedback", on_delete=fields.CASCADE
    )
    comment_id: int
    adoption = fields.CharEnumField(Adoption, max_length=12)
    reason = fields.TextField()
    official: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="opinion_feedback", null=True, on_delete=fields.SET_NULL
    )
    official_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consult_feedback"
