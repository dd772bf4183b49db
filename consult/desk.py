"""Staff pages for consultations (工作台 › 意见征集): draft, edit, attach, publish, close,
answer, give feedback on opinions, export. Officials for their areas, admins everywhere."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from comments.models import Comment
from consult import queries, services
from consult.endpoints import consult_labels, export_dataset, export_response
from consult.forms import topic_draft
from consult.models import Adoption, Topic, TopicDocument
from consult.permissions import governed_areas, managed_topic
from consult.services import TopicForbidden, TopicRefused
from core import audit
from core.clock import today
from core.flash import flash
from core.forms import Form, read_form
from core.htmx import is_htmx
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render


async def _topic(request: Request) -> Topic:
    return await managed_topic(current_user(request), request.path_params["topic_id"])


def _to_topic(topic: Topic) -> RedirectResponse:
    return RedirectResponse(f"/desk/consult/{topic.id}", status_code=303)


@requires(Role.OFFICIAL)
async def desk_list(request: Request) -> Response:
    user = current_user(request)
    cards = await queries.desk_topics(user)
    pending = await queries.awaiting_feedback([c.topic.id for c in cards])
    context = {"cards": cards, "pending": pending, **consult_labels()}
    return render(request, "consult/desk_list.html", context)


async def _edit_page(
    request: Request, form: Form, topic: Topic | None, status: int = 200
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "topic": topic,
        "areas": await governed_areas(current_user(request)),
        "phase": topic.phase(today()) if topic else "draft",
        **consult_labels(),
    }
    if topic is not None:
        context["documents"] = await TopicDocument.filter(topic=topic)
        context["questions"] = await queries.questions_of(topic)
    return render(request, "consult/desk_topic.html", context, status_code=status)


def _topic_values(topic: Topic) -> dict[str, str]:
    return {
        "title": topic.title,
        "body": topic.body,
        "area": str(topic.area.id),
        "opens_on": topic.opens_on.isoformat(),
        "closes_on": topic.closes_on.isoformat(),
    }


@requires(Role.OFFICIAL)
async def topic_new(request: Request) -> Response:
    form = Form(values={"opens_on": today().isoformat()})
    if request.method == "POST":
        form, _data = await read_form(request)
        draft = topic_draft(form)
        if draft is not None:
            try:
                topic = await services.topic_create(current_user(request), draft)
            except TopicRefused as exc:
                form.add_error(exc.field, str(exc))
            else:
                flash(request, _("草稿已保存。可以上传附件、设计问卷，然后发布。"))
                return _to_topic(topic)
    return await _edit_page(request, form, None, status=200 if form.ok else 400)


@requires(Role.OFFICIAL)
async def topic_edit(request: Request) -> Response:
    topic = await _topic(request)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _edit_page(request, Form(values=_topic_values(topic)), topic)
    form, _data = await read_form(request)
    draft = topic_draft(form)
    if draft is not None:
        try:
            await services.topic_update(current_user(request), topic, draft)
        except TopicRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            flash(request, _("已保存。"))
            return _to_topic(topic)
    return await _edit_page(request, form, topic, status=400)


async def _status_action(request: Request, action: Any, done: str) -> Response:
    topic = await _topic(request)
    try:
        await action(current_user(request), topic)
    except TopicRefused as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, done)
    return _to_topic(topic)


@requires(Role.OFFICIAL)
async def topic_publish(request: Request) -> Response:
    return await _status_action(request, services.topic_publish, _("已发布，居民现在可以看到。"))


@requires(Role.OFFICIAL)
async def topic_close(request: Request) -> Response:
    return await _status_action(request, services.topic_close, _("已截止意见征集。"))


@requires(Role.OFFICIAL)
async def topic_answer(request: Request) -> Response:
    topic = await _topic(request)
    form = Form(values={"response": topic.response})
    if request.method == "POST":
        form, _data = await read_form(request)
        try:
            await services.topic_answer(
                current_user(request), topic, form.values.get("response", "")
            )
        except TopicRefused as exc:
            form.add_error("response", str(exc))
        else:
            flash(request, _("反馈已公开发布。"))
            return _to_topic(topic)
    context = {"topic": topic, "form": form, "phase": topic.phase(today()), **consult_labels()}
    return render(request, "consult/desk_answer.html", context, status_code=200 if form.ok else 400)


@requires(Role.OFFICIAL)
async def document_upload(request: Request) -> Response:
    topic = await _topic(request)
    form, data = await read_form(request)
    upload = data.get("document")
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.add_error("document", _("请选择要上传的文件"))
    else:
        try:
            await services.document_add(current_user(request), topic, upload)
        except TopicRefused as exc:
            form.add_error("document", str(exc))
    await data.close()
    if not form.ok:
        values = _topic_values(topic)
        return await _edit_page(request, Form(values=values, errors=form.errors), topic, 400)
    flash(request, _("附件已上传。"))
    return _to_topic(topic)


@requires(Role.OFFICIAL)
async def document_delete(request: Request) -> Response:
    topic = await _topic(request)
    document = await TopicDocument.get_or_none(
        id=request.path_params["document_id"], topic_id=topic.id
    )
    if document is None:
        raise HTTPException(404)
    await services.document_remove(current_user(request), topic, document)
    flash(request, _("附件已删除。"))
    return _to_topic(topic)


@requires(Role.OFFICIAL)
async def feedback_list(request: Request) -> Response:
    topic = await _topic(request)
    context = {
        "topic": topic,
        "opinions": await queries.opinions_for_feedback(topic),
        "forms": {},
        **consult_labels(),
    }
    return render(request, "consult/desk_feedback.html", context)


@requires(Role.OFFICIAL)
async def feedback_save(request: Request) -> Response:
    comment = await Comment.get_or_none(
        id=request.path_params["comment_id"],
        subject_type="topic",
        parent_id=None,
        is_official=False,
    )
    if comment is None:  # only residents' opinions get feedback, not replies or answers
        raise HTTPException(404)
    form, _data = await read_form(request)
    try:
        adoption = Adoption(form.values.get("adoption", ""))
    except ValueError:
        adoption = None
    try:
        await services.feedback_record(
            current_user(request),
            comment=comment,
            adoption=adoption,
            reason=form.values.get("reason", ""),
        )
    except TopicForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except TopicRefused as exc:
        form.add_error(exc.field, str(exc))
    return await _feedback_answer(request, comment, form)


async def _feedback_answer(request: Request, comment: Comment, form: Form) -> Response:
    topic = await Topic.get(id=comment.subject_id)
    if not is_htmx(request) and form.ok:
        flash(request, _("反馈已保存。"))
        return RedirectResponse(f"/desk/consult/{topic.id}/feedback#opinion-{comment.id}", 303)
    opinions = await queries.opinions_for_feedback(topic)
    context = {
        "topic": topic,
        "opinions": opinions,
        "forms": {comment.id: form},
        **consult_labels(),
    }
    if is_htmx(request):  # 200 so htmx swaps the row in, errors and all
        context["row"] = next(o for o in opinions if o[0].id == comment.id)
        return render(request, "consult/desk_feedback.html", context, block="opinion_row")
    return render(request, "consult/desk_feedback.html", context, status_code=400)


@requires(Role.OFFICIAL)
async def staff_export(request: Request) -> Response:
    topic = await _topic(request)
    fmt = "csv" if "dataset" in request.path_params else "xlsx"
    dataset = export_dataset(request)
    user = current_user(request)
    # Names and numbers leave the system: who took them, and when, is on the record.
    await audit.record(
        user,
        "consult.export",
        ("topic", topic.id),
        f"导出意见征集数据（{fmt}）「{topic.title}」",
        after={"format": fmt, "dataset": dataset or "all"},
    )
    return await export_response(topic, dataset, fmt, public=False)
