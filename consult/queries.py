"""Consultation reads: topic lists, a topic's page, my opinions, rows for exports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from markupsafe import Markup

from comments.labels import stance_labels
from comments.models import Comment, Visibility
from consult.labels import adoption_labels
from consult.markdown import render_markdown
from consult.models import (
    Answer,
    OpinionFeedback,
    Question,
    SurveyResponse,
    Topic,
    TopicDocument,
    TopicStatus,
)
from consult.permissions import may_manage, topic_scope
from consult.subjects import topic_url
from core.clock import CHINA, today
from core.i18n import gettext as _
from core.principal import Principal


async def _counts(topic_ids: list[int]) -> tuple[Counter[int], Counter[int]]:
    """Opinions (top-level, not official) and responses per topic."""
    opinions = Counter(
        cast(
            list[int],
            await Comment.filter(
                subject_type="topic",
                subject_id__in=topic_ids,
                parent_id=None,
                is_official=False,
            ).values_list("subject_id", flat=True),
        )
    )
    responses = Counter(
        cast(
            list[int],
            await SurveyResponse.filter(topic_id__in=topic_ids).values_list("topic_id", flat=True),
        )
    )
    return opinions, responses


@dataclass
class TopicCard:
    topic: Topic
    phase: str
    opinions: int
    responses: int


async def _cards(topics: list[Topic]) -> list[TopicCard]:
    opinions, responses = await _counts([t.id for t in topics])
    now = today()
    return [TopicCard(t, t.phase(now), opinions[t.id], responses[t.id]) for t in topics]


async def public_topics() -> list[TopicCard]:
    """Everything published: open ones first, then by close date."""
    topics = await Topic.exclude(status=TopicStatus.DRAFT).select_related("area")
    cards = await _cards(topics)
    order = {"open": 0, "upcoming": 1, "closed": 2, "answered": 3}
    return sorted(cards, key=lambda c: (order[c.phase], -c.topic.closes_on.toordinal()))


async def desk_topics(user: Principal) -> list[TopicCard]:
    topics = await Topic.filter(topic_scope(user)).select_related("area").order_by("-id")
    return await _cards(topics)


async def awaiting_feedback(topic_ids: list[int]) -> Counter[int]:
    """Opinions without an official's feedback yet, per topic (the desk's to-do count)."""
    opinions = await Comment.filter(
        subject_type="topic",
        subject_id__in=topic_ids,
        parent_id=None,
        is_official=False,
        visibility=Visibility.VISIBLE,
    ).values_list("id", "subject_id")
    answered = set(
        await OpinionFeedback.filter(comment_id__in=[o[0] for o in opinions]).values_list(
            "comment_id", flat=True
        )
    )
    return Counter(topic_id for comment_id, topic_id in opinions if comment_id not in answered)


def can_view(topic: Topic, user: Principal | None) -> bool:
    """Drafts are seen only by the staff who manage them. `topic.area` loaded."""
    return topic.status != TopicStatus.DRAFT or may_manage(user, topic.area.path)


@dataclass
class TopicPage:
    topic: Topic
    phase: str
    body: Markup
    response: Markup
    documents: list[TopicDocument]
    questions: int
    responses: int
    answered_by_me: bool


async def topic_page(topic: Topic, user: Principal | None) -> TopicPage:
    documents = await TopicDocument.filter(topic=topic)
    mine = user is not None and await SurveyResponse.exists(topic=topic, respondent_id=user.id)
    return TopicPage(
        topic=topic,
        phase=topic.phase(today()),
        body=render_markdown(topic.body),
        response=render_markdown(topic.response),
        documents=documents,
        questions=await Question.filter(topic=topic).count(),
        responses=await SurveyResponse.filter(topic=topic).count(),
        answered_by_me=mine,
    )


async def questions_of(topic: Topic) -> list[Question]:
    return await Question.filter(topic=topic).prefetch_related("options")


async def my_answers(topic: Topic, user_id: int) -> dict[str, list[str]]:
    """A resident's stored answers, shaped like the form sends them (to fill it again)."""
    response = await SurveyResponse.get_or_none(topic=topic, respondent_id=user_id)
    if response is None:
        return {}
    sent: dict[str, list[str]] = {}
    for answer in await Answer.filter(response=response):
        value = answer.option_id or answer.scale or answer.text
        sent.setdefault(f"q{answer.question_id}", []).append(str(value))
    return sent


@dataclass
class MyOpinion:
    comment: Comment
    topic_title: str
    url: str
    adoption: str  # label, "" while no feedback yet
    tone: str
    reason: str


async def my_opinions(user_id: int) -> list[MyOpinion]:
    """My opinions on consultations and the official answer to each (for /me)."""
    comments = (
        await Comment.filter(
            author_id=user_id, subject_type="topic", parent_id=None, is_official=False
        )
        .order_by("-id")
        .limit(50)
    )
    topics = {t.id: t for t in await Topic.filter(id__in={c.subject_id for c in comments})}
    feedback = {
        f.comment_id: f
        for f in await OpinionFeedback.filter(comment_id__in=[c.id for c in comments])
    }
    labels = adoption_labels()
    found = []
    for c in comments:
        f = feedback.get(c.id)
        title = topics[c.subject_id].title if c.subject_id in topics else ""
        found.append(
            MyOpinion(
                comment=c,
                topic_title=title,
                url=f"{topic_url(c.subject_id)}#comment-{c.id}",
                adoption=labels[f.adoption.value] if f else "",
                tone=f.adoption.value if f else "",
                reason=f.reason if f else "",
            )
        )
    return found


async def opinions_for_feedback(topic: Topic) -> list[tuple[Comment, OpinionFeedback | None]]:
    comments = (
        await Comment.filter(
            subject_type="topic", subject_id=topic.id, parent_id=None, is_official=False
        )
        .select_related("author__home_area")
        .order_by("id")
    )
    feedback = {
        f.comment_id: f
        for f in await OpinionFeedback.filter(comment_id__in=[c.id for c in comments])
    }
    return [(c, feedback.get(c.id)) for c in comments]


def _local(moment: Any) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


async def opinion_rows(topic: Topic, *, public: bool) -> list[dict[str, Any]]:
    """Every comment on the topic; the public rows leave out hidden ones entirely."""
    query = Comment.filter(subject_type="topic", subject_id=topic.id)
    if public:
        query = query.filter(visibility=Visibility.VISIBLE)
    comments = await query.select_related("author__home_area").order_by("id")
    feedback = {
        f.comment_id: f
        for f in await OpinionFeedback.filter(comment_id__in=[c.id for c in comments])
    }
    stances, adoptions = stance_labels(), adoption_labels()
    kinds = {"official": _("官方答复"), "reply": _("回复"), "opinion": _("意见")}
    rows = []
    for c in comments:
        f = feedback.get(c.id)
        kind = "official" if c.is_official else "reply" if c.parent_id else "opinion"
        author = c.author
        rows.append(
            {
                "id": c.id,
                "kind": kinds[kind],
                "reply_to": c.parent_id or "",
                "created": _local(c.created_at),
                "name": author.name,
                "mobile": author.mobile,
                "place": author.home_area.name if author.home_area else "",
                "stance": stances[c.stance.value] if c.stance else "",
                "body": c.body,
                "supports": c.support_count,
                "adoption": adoptions[f.adoption.value] if f else "",
                "reason": f.reason if f else "",
                "visibility": c.visibility.value,
                "reports": c.report_count,
            }
        )
    return rows


async def response_rows(topic: Topic) -> tuple[list[str], list[dict[str, Any]]]:
    """Question prompts, and one row per response with each question's answer as text."""
    questions = await questions_of(topic)
    labels = {o.id: o.label for q in questions for o in q.options}
    column = {q.id: f"q{i}" for i, q in enumerate(questions, start=1)}
    responses = (
        await SurveyResponse.filter(topic=topic)
        .select_related("respondent__home_area")
        .order_by("id")
    )
    answers = await Answer.filter(response__topic_id=topic.id).order_by("id")
    by_response: dict[int, dict[str, list[str]]] = {}
    for a in answers:
        value = labels.get(a.option_id) if a.option_id else a.scale or a.text
        key = column.get(a.question_id)
        if key and value is not None:
            by_response.setdefault(a.response_id, {}).setdefault(key, []).append(str(value))
    rows = []
    for r in responses:
        person = r.respondent
        row: dict[str, Any] = {
            "id": r.id,
            "created": _local(r.updated_at),
            "name": person.name,
            "mobile": person.mobile,
            "place": person.home_area.name if person.home_area else "",
        }
        row.update({k: "；".join(v) for k, v in by_response.get(r.id, {}).items()})
        rows.append(row)
    return [q.prompt for q in questions], rows
