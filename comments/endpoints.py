"""Comment endpoints: parse → call a service → re-render the fragment (htmx) or 303 back.

Every page works without JavaScript: a plain POST is answered with a redirect to the
subject's page, anchored at the comment; htmx gets the re-rendered fragment instead.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from comments import queries, services
from comments.labels import report_reason_labels, stance_labels
from comments.models import Comment, ReportReason, Stance
from comments.subjects import Subject, load_subject
from core.flash import flash
from core.forms import Form, read_form
from core.htmx import is_htmx
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, login_required, requires
from core.templating import render

E = TypeVar("E", bound=StrEnum)
THREAD = "comments/thread.html"
QUEUE = "comments/queue.html"


def labels() -> dict[str, Any]:
    return {"stance_labels": stance_labels(), "reason_labels": report_reason_labels()}


async def _subject_or_404(subject_type: str, subject_id: int) -> Subject:
    subject = await load_subject(subject_type, subject_id)
    if subject is None:
        raise HTTPException(404)
    return subject


async def _comment_or_404(request: Request) -> tuple[Comment, Subject]:
    comment = await Comment.get_or_none(id=request.path_params["comment_id"])
    if comment is None:
        raise HTTPException(404)
    return comment, await _subject_or_404(comment.subject_type, comment.subject_id)


def _enum_or_none(enum: type[E], raw: str | None) -> E | None:
    try:
        return enum(raw or "")
    except ValueError:
        return None


def _back(subject: Subject, comment_id: int | None = None) -> RedirectResponse:
    anchor = f"comment-{comment_id}" if comment_id else subject.anchor
    return RedirectResponse(f"{subject.url}#{anchor}", status_code=303)


async def _thread_fragment(
    request: Request, subject: Subject, form: Form | None = None
) -> Response:
    thread = await queries.thread_for(subject, current_user(request), form)
    # 200 even with errors: htmx swaps only 2xx answers, and the errors must show.
    return render(request, THREAD, {"thread": thread, **labels()}, block="thread")


async def _comment_fragment(
    request: Request,
    comment: Comment,
    subject: Subject,
    form: Form | None = None,
    said: dict[str, object] | None = None,
) -> Response:
    view = await queries.comment_view(comment, subject, current_user(request), form)
    return render(request, THREAD, {"c": view, **(said or {}), **labels()}, block="comment")


async def _form_page(request: Request, context: dict[str, Any]) -> Response:
    """Without JavaScript, a refused form comes back on a page of its own, as typed."""
    return render(request, "comments/form.html", {**context, **labels()}, status_code=400)


@login_required
async def comment_post(request: Request) -> Response:
    subject = await _subject_or_404(
        request.path_params["subject_type"], request.path_params["subject_id"]
    )
    form, _data = await read_form(request)
    try:
        comment = await services.comment_post(
            current_user(request),
            subject=subject,
            body=form.values.get("body", ""),
            stance=_enum_or_none(Stance, form.values.get("stance")),
            official=form.values.get("official") == "1",
        )
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except services.CommentRefused as exc:
        form.add_error(exc.field, str(exc))
        if is_htmx(request):
            return await _thread_fragment(request, subject, form)
        thread = await queries.thread_for(subject, current_user(request), form)
        return await _form_page(request, {"thread": thread, "mode": "post"})
    if is_htmx(request):
        return await _thread_fragment(request, subject)
    flash(request, _("已发表。"))
    return _back(subject, comment.id)


@login_required
async def comment_reply(request: Request) -> Response:
    parent, subject = await _comment_or_404(request)
    form, _data = await read_form(request)
    try:
        reply = await services.comment_reply(
            current_user(request),
            subject=subject,
            parent=parent,
            body=form.values.get("body", ""),
            official=form.values.get("official") == "1",
        )
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except services.CommentRefused as exc:
        form.add_error(exc.field, str(exc))
        if is_htmx(request):
            return await _comment_fragment(request, parent, subject, form)
        view = await queries.comment_view(parent, subject, current_user(request), form)
        return await _form_page(request, {"c": view, "subject": subject, "mode": "reply"})
    if is_htmx(request):
        root = await Comment.get(id=reply.parent_id)
        return await _comment_fragment(request, root, subject)
    flash(request, _("已回复。"))
    return _back(subject, reply.id)


async def _one_click(
    request: Request, comment: Comment, subject: Subject, form: Form, done: str
) -> Response:
    """Report and support: the fragment again (htmx), or a flash and a redirect."""
    if is_htmx(request):
        return await _comment_fragment(request, comment, subject, form)
    if form.errors:
        flash(request, next(iter(form.errors.values())), "error")
    else:
        flash(request, done)
    return _back(subject, comment.id)


@login_required
async def comment_report(request: Request) -> Response:
    comment, subject = await _comment_or_404(request)
    form, _data = await read_form(request)
    try:
        await services.comment_report(
            current_user(request),
            subject=subject,
            comment=comment,
            reason=_enum_or_none(ReportReason, form.values.get("reason")),
        )
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except services.CommentRefused as exc:
        form.add_error(exc.field, str(exc))
    return await _one_click(request, comment, subject, form, _("已举报，感谢您的监督。"))


@login_required
async def comment_support(request: Request) -> Response:
    comment, subject = await _comment_or_404(request)
    form, _data = await read_form(request)
    try:
        await services.comment_support(current_user(request), subject=subject, comment=comment)
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except services.CommentRefused as exc:
        form.add_error(exc.field, str(exc))
    return await _one_click(request, comment, subject, form, _("已支持这条意见。"))


async def _moderated(
    request: Request, comment: Comment, subject: Subject, form: Form, done: str
) -> Response:
    """After hide/restore: the queue row (from the desk), the comment, or a redirect."""
    from_desk = form.values.get("view") == "desk"
    # htmx swaps the row or the comment: the message that says what happened goes with it.
    said = {} if form.errors else {"done": done, "done_for": comment.id}
    if is_htmx(request) and from_desk:
        item = await queries.queue_item(comment, current_user(request))
        item.view.form = form
        context = {"item": item, **said, **labels()}
        return render(request, QUEUE, context, block="queue_item")
    if is_htmx(request):
        return await _comment_fragment(request, comment, subject, form, said)
    if form.errors:
        view = await queries.comment_view(comment, subject, current_user(request), form)
        return await _form_page(
            request, {"c": view, "subject": subject, "mode": "hide", "from_desk": from_desk}
        )
    flash(request, done)
    return (
        RedirectResponse("/desk/comments", status_code=303)
        if from_desk
        else _back(subject, comment.id)
    )


@requires(Role.OFFICIAL)
async def comment_hide(request: Request) -> Response:
    comment, subject = await _comment_or_404(request)
    form, _data = await read_form(request)
    try:
        comment = await services.comment_hide(
            current_user(request), comment=comment, reason=form.values.get("reason", "")
        )
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except services.CommentRefused as exc:
        form.add_error(exc.field, str(exc))
    return await _moderated(request, comment, subject, form, _("已隐藏该评论。"))


@requires(Role.OFFICIAL)
async def comment_restore(request: Request) -> Response:
    comment, subject = await _comment_or_404(request)
    form, _data = await read_form(request)
    if comment.is_hidden:
        done = _("已恢复显示该评论，待处理的举报已清除。")
    else:
        done = _("已保留该评论，清除了 {n} 条举报。").format(n=comment.pending_reports)
    try:
        comment = await services.comment_restore(current_user(request), comment=comment)
    except services.CommentForbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    return await _moderated(request, comment, subject, form, done)


@requires(Role.OFFICIAL)
async def comment_queue(request: Request) -> Response:
    """评论审核: reported and auto-hidden comments in my areas (or the hidden ones)."""
    show = "hidden" if request.query_params.get("show") == "hidden" else "pending"
    items = await queries.moderation_queue(current_user(request), show)
    context = {"items": items, "show": show, **labels()}
    return render(request, QUEUE, context, block="queue")
