"""Public consultation pages: the list, a topic with its opinions, the questionnaire, the
summary, documents and the anonymised exports. Everyone can read; residents take part."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from comments.endpoints import labels as comment_labels
from comments.permissions import may_comment
from comments.queries import thread_for
from consult import exports, queries, survey
from consult.documents import document_response
from consult.labels import adoption_labels, document_kind_labels, kind_labels, phase_labels
from consult.models import Topic, TopicDocument
from consult.permissions import may_manage
from consult.services import TopicForbidden
from consult.subjects import topic_subject
from consult.summary import topic_summary
from core import exports as exports_file
from core.clock import today
from core.flash import flash
from core.forms import clean, read_form
from core.i18n import gettext as _
from core.permissions import current_user, login_required, signed_in
from core.templating import render


def consult_labels() -> dict[str, Any]:
    return {
        "phase_labels": phase_labels(),
        "kind_labels": kind_labels(),
        "adoption_labels": adoption_labels(),
        "document_kinds": document_kind_labels(),
        **comment_labels(),
    }


async def visible_topic(request: Request) -> Topic:
    """The topic, or 404: drafts exist only for the staff who manage them."""
    topic = await Topic.get_or_none(id=request.path_params["topic_id"]).select_related("area")
    if topic is None or not queries.can_view(topic, signed_in(request)):
        raise HTTPException(404)
    return topic


async def topic_list(request: Request) -> Response:
    cards = await queries.public_topics()
    return render(request, "consult/list.html", {"cards": cards, **consult_labels()})


async def topic_detail(request: Request) -> Response:
    topic = await visible_topic(request)
    user = signed_in(request)
    page = await queries.topic_page(topic, user)
    context = {
        "page": page,
        "topic": topic,
        "manages": may_manage(user, topic.area.path),
        "thread": await thread_for(topic_subject(topic), user) if page.phase != "draft" else None,
        **consult_labels(),
    }
    return render(request, "consult/topic.html", context)


async def _questionnaire_page(
    request: Request,
    topic: Topic,
    sent: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The questions, filled with what was just sent or else with my stored answers."""
    user = signed_in(request)
    if sent is None:
        sent = await queries.my_answers(topic, user.id) if user else {}
    context = {
        "topic": topic,
        "questions": await queries.questions_of(topic),
        "sent": sent,
        "errors": errors or {},
        "may_answer": await may_comment(user, topic_subject(topic)),
        "phase": topic.phase(today()),
        "answered_before": bool(user and await queries.my_answers(topic, user.id)),
        **consult_labels(),
    }
    return render(request, "consult/questionnaire.html", context, status_code=status)


async def questionnaire(request: Request) -> Response:
    return await _questionnaire_page(request, await visible_topic(request))


@login_required
async def questionnaire_submit(request: Request) -> Response:
    topic = await visible_topic(request)
    _form, data = await read_form(request)
    # Several values per question (checkboxes), each cleaned like every other form field.
    sent = {
        key: [clean(v) for v in data.getlist(key) if isinstance(v, str)]
        for key in data
        if key.startswith("q")
    }
    try:
        response, checked = await survey.response_submit(current_user(request), topic, sent)
    except TopicForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    if response is None:
        return await _questionnaire_page(request, topic, sent, checked.errors, status=400)
    flash(request, _("问卷已提交。截止前您可以随时修改。"))
    return RedirectResponse(f"/consult/topics/{topic.id}", status_code=303)


async def summary(request: Request) -> Response:
    topic = await visible_topic(request)
    context = {
        "topic": topic,
        "summary": await topic_summary(topic),
        "phase": topic.phase(today()),
        **consult_labels(),
    }
    return render(request, "consult/summary.html", context)


async def document_download(request: Request) -> Response:
    document = await TopicDocument.get_or_none(id=request.path_params["document_id"])
    if document is None:
        raise HTTPException(404)
    topic = await Topic.get(id=document.topic_id).select_related("area")
    if not queries.can_view(topic, signed_in(request)):  # before storage is asked anything
        raise HTTPException(404)
    return await document_response(document.stored_name, document.kind, document.original_name)


async def export_response(topic: Topic, dataset: str | None, fmt: str, *, public: bool) -> Response:
    """XLSX (both sheets) or one CSV; the public's anonymised, staff's with names."""
    opinions = exports.frame(
        await queries.opinion_rows(topic, public=public), exports.opinion_columns(), public=public
    )
    prompts, rows = await queries.response_rows(topic)
    responses = exports.frame(rows, exports.response_columns(prompts), public=public)
    stem = f"consult-{topic.id}" + ("" if public else "-staff")
    private = {"Cache-Control": "private, no-store"}
    if fmt == "xlsx":
        body = exports.to_xlsx({_("意见"): opinions, _("问卷"): responses})
        return exports_file.download(body, f"{stem}.xlsx", headers=private)
    body = exports.to_csv(opinions if dataset == "opinions" else responses)
    return exports_file.download(body, f"{stem}-{dataset}.csv", headers=private)


def export_dataset(request: Request) -> str | None:
    dataset = request.path_params.get("dataset")
    if dataset is not None and dataset not in ("opinions", "responses"):
        raise HTTPException(404)
    return dataset


async def public_export(request: Request) -> Response:
    topic = await visible_topic(request)
    if topic.status.value == "draft":
        raise HTTPException(404)
    fmt = "csv" if "dataset" in request.path_params else "xlsx"
    return await export_response(topic, export_dataset(request), fmt, public=True)
