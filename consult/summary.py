"""The public summary (意见征集情况): participation over time, stance split, each
question's results and the adoption counts, with their SVG charts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from comments.labels import stance_labels
from comments.models import Comment, Visibility
from consult.labels import adoption_labels
from consult.models import Answer, OpinionFeedback, Question, QuestionKind, SurveyResponse, Topic
from consult.queries import questions_of
from core import charts
from core.clock import china_date
from core.i18n import gettext as _

TIMELINE_DAYS_MAX = 120


@dataclass
class QuestionResult:
    question: Question
    answered: int
    chart: Markup | None = None
    mean: float | None = None


@dataclass
class Summary:
    opinions: int
    responses: int
    participants: int
    timeline: Markup
    stances: Markup
    adoption: Markup
    adoption_counts: dict[str, int]
    questions: list[QuestionResult] = field(default_factory=list)


def _day(moment: dt.datetime) -> dt.date:
    return china_date(moment)


def _timeline(topic: Topic, opinion_days: list[dt.date], response_days: list[dt.date]) -> Markup:
    seen = opinion_days + response_days
    start = min([topic.opens_on, *seen])
    end = max([min(topic.closes_on, max(seen, default=topic.opens_on)), *seen])
    end = min(end, start + dt.timedelta(days=TIMELINE_DAYS_MAX - 1))
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    per_opinion, per_response = Counter(opinion_days), Counter(response_days)
    return charts.timeline_chart(
        days,
        [
            charts.Series(_("意见"), "opinions", [per_opinion[d] for d in days]),
            charts.Series(_("问卷"), "responses", [per_response[d] for d in days]),
        ],
        title=_("每日参与"),
    )


async def topic_summary(topic: Topic) -> Summary:
    opinions = await Comment.filter(
        subject_type="topic",
        subject_id=topic.id,
        parent_id=None,
        is_official=False,
        visibility=Visibility.VISIBLE,
    ).values_list("id", "stance", "created_at", "author_id")
    responses = await SurveyResponse.filter(topic=topic).values_list("created_at", "respondent_id")
    stance = Counter(str(s) for _i, s, _c, _a in opinions if s)
    stances = charts.bar_chart(
        [charts.Bar(label, stance[value], value) for value, label in stance_labels().items()],
        title=_("立场分布"),
    )
    adoption_counts = Counter(
        str(a)
        for a in await OpinionFeedback.filter(comment_id__in=[o[0] for o in opinions]).values_list(
            "adoption", flat=True
        )
    )
    adoption_bars = [
        charts.Bar(label, adoption_counts[value], value)
        for value, label in adoption_labels().items()
    ]
    pending = len(opinions) - sum(adoption_counts.values())
    adoption_bars.append(charts.Bar(_("尚未反馈"), pending, "pending"))
    people = {o[3] for o in opinions} | {r[1] for r in responses}
    return Summary(
        opinions=len(opinions),
        responses=len(responses),
        participants=len(people),
        timeline=_timeline(topic, [_day(o[2]) for o in opinions], [_day(r[0]) for r in responses]),
        stances=stances,
        adoption=charts.bar_chart(adoption_bars, title=_("采纳情况")),
        adoption_counts=dict(adoption_counts),
        questions=await _question_results(topic),
    )


async def _question_results(topic: Topic) -> list[QuestionResult]:
    questions = await questions_of(topic)
    rows = await Answer.filter(response__topic_id=topic.id).values_list(
        "question_id", "response_id", "option_id", "scale"
    )
    picks = Counter((q, o) for q, _r, o, _s in rows if o)
    scales = Counter((q, s) for q, _r, _o, s in rows if s)
    answered = Counter(q for q, _r in {(q, r) for q, r, _o, _s in rows})
    return [_result(q, picks, scales, answered[q.id]) for q in questions]


def _result(
    question: Question,
    picks: Counter[tuple[int, int]],
    scales: Counter[tuple[int, int]],
    answered: int,
) -> QuestionResult:
    result = QuestionResult(question=question, answered=answered)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        bars = [charts.Bar(o.label, picks[(question.id, o.id)]) for o in question.options]
        result.chart = charts.bar_chart(bars, title=question.prompt, total=answered)
    elif question.kind == QuestionKind.SCALE:
        counts = [scales[(question.id, n)] for n in range(1, 6)]
        bars = [charts.Bar(_("{n} 分").format(n=n), counts[n - 1]) for n in range(1, 6)]
        result.chart = charts.bar_chart(bars, title=question.prompt)
        total = sum(counts)
        result.mean = (
            sum(n * c for n, c in zip(range(1, 6), counts, strict=True)) / total if total else None
        )
    return result
