"""The questionnaire builder (问卷设计), in the browser: add, remove and reorder questions.

Each action is a small POST that works without JavaScript (303 back to the builder);
with htmx the builder's question list is swapped in place.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from consult import queries, survey
from consult.endpoints import consult_labels
from consult.forms import question_draft
from consult.models import Question, Topic
from consult.permissions import managed_topic
from consult.services import TopicRefused
from core.clock import today
from core.flash import flash
from core.forms import Form, read_form
from core.htmx import is_htmx
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render

NEW_QUESTION = {"kind": "single", "required": "1"}


async def _page(
    request: Request,
    topic: Topic,
    form: Form,
    status: int = 200,
    said: tuple[str, str] | None = None,
) -> Response:
    context = {
        "topic": topic,
        "questions": await queries.questions_of(topic),
        "form": form,
        "phase": topic.phase(today()),
        "said": said,  # (message, "success" | "error"): what the swapped-in builder did
        **consult_labels(),
    }
    # htmx swaps the whole builder (list and form) so both stay in step; 200 shows errors.
    return render(
        request,
        "consult/desk_builder.html",
        context,
        status_code=200 if is_htmx(request) else status,
        block="builder",
    )


async def _answer(request: Request, topic: Topic, message: str, tone: str) -> Response:
    """After a move or a delete: say what happened, in the builder htmx swaps in or as
    the flash of the page a plain form is sent back to."""
    if is_htmx(request):
        fresh = Form(values=dict(NEW_QUESTION))
        return await _page(request, topic, fresh, said=(message, tone))
    flash(request, message, tone)
    return RedirectResponse(f"/desk/consult/{topic.id}/questions", status_code=303)


@requires(Role.OFFICIAL)
async def builder(request: Request) -> Response:
    topic = await managed_topic(current_user(request), request.path_params["topic_id"])
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _page(request, topic, Form(values=dict(NEW_QUESTION)))
    form, _data = await read_form(request)
    draft = question_draft(form, form.values.get("options", ""))
    if draft is not None:
        try:
            await survey.question_add(current_user(request), topic, draft)
        except TopicRefused as exc:
            form.add_error(exc.field, str(exc))
    if not form.ok:
        return await _page(request, topic, form, status=400)
    return await _answer(request, topic, _("已添加题目。"), "success")


async def _question(request: Request) -> tuple[Topic, Question]:
    topic = await managed_topic(current_user(request), request.path_params["topic_id"])
    question = await Question.get_or_none(id=request.path_params["question_id"], topic=topic)
    if question is None:
        raise HTTPException(404)
    return topic, question


@requires(Role.OFFICIAL)
async def question_delete(request: Request) -> Response:
    topic, question = await _question(request)
    try:
        await survey.question_remove(current_user(request), topic, question)
    except TopicRefused as exc:
        return await _answer(request, topic, str(exc), "error")
    done = _("已删除题目「{prompt}」。").format(prompt=question.prompt)
    return await _answer(request, topic, done, "success")


@requires(Role.OFFICIAL)
async def question_move(request: Request) -> Response:
    topic, question = await _question(request)
    form, _data = await read_form(request)
    step = -1 if form.values.get("direction") == "up" else 1
    try:
        await survey.question_move(current_user(request), topic, question, step)
    except TopicRefused as exc:
        return await _answer(request, topic, str(exc), "error")
    done = _("已上移题目「{prompt}」。") if step < 0 else _("已下移题目「{prompt}」。")
    return await _answer(request, topic, done.format(prompt=question.prompt), "success")
