"""Residents' and the public's pages: write a letter, my letters, one letter (masked for
the public, whole for its writer and handlers), rating, files, the public list."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.clock import today
from core.flash import flash
from core.forms import Form, parse_id, read_form
from core.i18n import gettext as _
from core.models import Area, AreaKind
from core.permissions import current_user, login_required, signed_in
from core.principal import Principal
from core.refusals import Forbidden
from core.templating import render
from core.uploads import StoredFile, UploadRefused, discard, file_response, store_upload
from letters import hooks, queries, services
from letters.labels import DECLINE_REASONS, letter_labels
from letters.masking import mask_text, masked_name
from letters.models import Letter, LetterEvent, LetterFile, LetterKind, Rating
from letters.permissions import approves_extension, handles, is_published, is_writer
from letters.queries import Filters

MAX_FILES = 6


def labels() -> dict[str, Any]:
    return {**letter_labels(), "mask": mask_text, "masked_name": masked_name}


async def areas_to_write_to() -> list[Area]:
    return list(await Area.exclude(kind=AreaKind.DISTRICT).order_by("path"))


async def _write_page(request: Request, form: Form, status: int = 200) -> Response:
    user = current_user(request)
    context = {
        "form": form,
        "areas": await areas_to_write_to(),
        "refusal": await services.writing_refusal(user.id),
        **labels(),
    }
    return render(request, "letters/write.html", context, status_code=status)


@login_required
async def letter_new(request: Request) -> Response:
    user = current_user(request)
    home = await Area.get_or_none(id=user.home_area_id) if user.home_area_id else None
    values = {"area": home.code if home else "", "kind": LetterKind.SUGGEST.value}
    return await _write_page(request, Form(values=values))


@login_required
async def letter_write(request: Request) -> Response:
    user = current_user(request)
    form, data = await read_form(request)
    subject = form.text("subject", _("标题"), max_length=services.SUBJECT_MAX)
    text = form.text("text", _("来信内容"), max_length=services.TEXT_MAX)
    if text and len(text) < 10:
        form.add_error("text", _("请把事情写清楚（至少 10 个字）"))
    kind = form.choice("kind", _("来信类型"), LetterKind)
    area = await queries.area_by_code(form.values.get("area", ""))
    if area is None or area.kind == AreaKind.DISTRICT:
        form.add_error("area", _("请选择来信涉及的街道或村/社区"))
    if form.ok:  # who first: a file is never stored for a letter that is refused
        refusal = await services.writing_refusal(user.id)
        if refusal:
            form.add_error("form", refusal)
    stored = await store_files(form, data.getlist("files"), user)
    if form.ok and kind is not None and area is not None:
        draft = services.LetterDraft(
            kind=kind,
            area=area,
            subject=subject,
            text=text,
            is_public=form.values.get("is_public") == "1",
            show_name=form.values.get("show_name") == "1",
            files=stored,
        )
        try:
            letter = await services.letter_write(user, draft)
        except services.LetterRefused as exc:
            await discard(stored)
            form.add_error(exc.field, exc.message)
        else:
            flash(request, _("来信已提交，办理进展会通过消息告诉您。"))
            return RedirectResponse(f"/letters/{letter.id}", status_code=303)
    await discard(stored)
    return await _write_page(request, form, status=400)


async def store_files(form: Form, uploads: list[Any], user: Principal) -> list[StoredFile]:
    """Photos or PDFs, kept only for a form that is otherwise good."""
    files = [u for u in uploads if isinstance(u, UploadFile) and u.filename]
    if not form.ok or not files:
        return []
    if len(files) > MAX_FILES:
        form.add_error("files", _("最多上传 {n} 个附件").format(n=MAX_FILES))
        return []
    stored: list[StoredFile] = []
    for upload in files:
        try:
            stored.append(
                await store_upload(upload, allow=frozenset({"photo", "pdf"}), uploader=user.id)
            )
        except UploadRefused as exc:
            form.add_error("files", exc.message)
            await discard(stored)
            return []
    return stored


@login_required
async def my_letters(request: Request) -> Response:
    user = current_user(request)
    context = {"letters": await queries.my_letters(user.id), "today": today(), **labels()}
    return render(request, "letters/mine.html", context)


async def visible_letter(request: Request, letter_id: int | None = None) -> tuple[Letter, str]:
    """The letter and how it is seen: "full" (writer, handlers) or "public"; else 404, so
    that an official of another village learns nothing, not even that it exists."""
    letter = await queries.one(letter_id or request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(404)
    user = signed_in(request)
    if is_writer(user, letter) or handles(user, letter) or approves_extension(user, letter):
        return letter, "full"
    if is_published(letter):
        return letter, "public"
    raise HTTPException(404)


async def letter_context(request: Request, letter: Letter, view: str) -> dict[str, Any]:
    user = signed_in(request)
    files = await queries.writer_files(letter)
    handler = handles(user, letter)
    context: dict[str, Any] = {
        "letter": letter,
        "view": view,
        "files": files if view == "full" else [],
        "replies": await queries.replies_of(letter),
        "events": await LetterEvent.filter(letter=letter).select_related("actor"),
        "outcomes": await hooks.outcomes(letter.id),
        "remarks": await hooks.remarks(letter.id),
        "handler": handler,
        "writer_view": is_writer(user, letter),
        "approver": approves_extension(user, letter),
        "overdue": letter.is_overdue(today()),
        "rating_refusal": services.rating_refusal(letter, today()),
        "may_reopen": services.may_reopen(letter),
        "conversions": hooks.CONVERSIONS if handler else [],
        "decline_reasons": DECLINE_REASONS,
        "areas": await areas_to_write_to() if handler else [],
        "similar": await Letter.get_or_none(id=letter.similar_to_id)
        if handler and letter.similar_to_id
        else None,
        "errors": {},
        "values": {},
        **labels(),
    }
    return context


async def letter_detail(request: Request) -> Response:
    letter, view = await visible_letter(request)
    response = render(request, "letters/letter.html", await letter_context(request, letter, view))
    if view == "full":
        response.headers["Cache-Control"] = "private, no-store"
    return response


@login_required
async def letter_rate(request: Request) -> Response:
    letter, _view = await visible_letter(request)
    user = current_user(request)
    form, _data = await read_form(request)
    rating = form.choice("rating", _("评价"), Rating)
    reason = form.text("reason", _("原因"), max_length=services.REASON_MAX, required=False)
    if rating is not None:
        try:
            await services.letter_rate(user, letter, rating, reason)
        except Forbidden:
            raise HTTPException(403) from None
        except services.LetterRefused as exc:
            form.add_error(exc.field, exc.message)
    if not form.ok:
        context = await letter_context(request, letter, "full")
        context.update(errors=form.errors, values=form.values)
        return render(request, "letters/letter.html", context, status_code=400)
    flash(request, _("谢谢您的评价。"))
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


async def letter_file(request: Request) -> Response:
    """The writer's files: the writer and handlers only. A reply's files: also the public
    when the letter is published."""
    found = await LetterFile.get_or_none(id=request.path_params["file_id"])
    if found is None:
        raise HTTPException(404)
    _letter, view = await visible_letter(request, found.letter_id)
    if view != "full" and found.reply_id is None:
        raise HTTPException(404)
    return await file_response(
        found.stored_name,
        media_type=found.content_type,
        filename=found.original_name,
        inline=found.kind == "photo",
        cache="private, no-store",
    )


async def public_filters(request: Request) -> Filters:
    params = request.query_params
    area = await queries.area_by_code(params.get("area", ""))
    month = params.get("month", "")
    return Filters(
        area=area,
        kind=params.get("kind", "")[:12],
        status=params.get("status", "")[:12],
        month=month if queries.month_range(month) else "",
    )


async def public_list(request: Request) -> Response:
    filters = await public_filters(request)
    page = parse_id(request.query_params.get("page")) or 1
    letters, total = await queries.public_page(
        filters, (page - 1) * queries.PAGE_SIZE, queries.PAGE_SIZE
    )
    context = {
        "letters": letters,
        "replies": await queries.replies_for(letters),
        "filters": filters,
        "areas": await areas_to_write_to(),
        "page": page,
        "pages": max(1, -(-total // queries.PAGE_SIZE)),
        "total": total,
        **labels(),
    }
    return render(request, "letters/list.html", context)
