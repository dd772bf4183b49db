"""The officials' desk: the queue sorted by deadline, and every handling step (受理, 转办,
不予受理, 延期, 答复); the admins' holiday schedule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.clock import today
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import AreaKind, Role
from core.permissions import current_user, requires
from core.refusals import Forbidden, Refused
from core.templating import render
from core.uploads import discard
from letters import calendar, queries, schedules, services
from letters.endpoints import labels, letter_context, store_files
from letters.models import Letter, ScheduleYear
from letters.permissions import handles

REASON_MAX = services.REASON_MAX
Step = Callable[[], Awaitable[None]]  # one handling step, run by `_act`


@requires(Role.OFFICIAL)
async def desk(request: Request) -> Response:
    user = current_user(request)
    show = "all" if request.query_params.get("show") == "all" else "open"
    context = {
        "rows": await queries.desk_queue(user, show=show),
        "extensions": await queries.extensions_to_approve(user),
        "show": show,
        "today": today(),
        **labels(),
    }
    return render(request, "letters/desk.html", context)


async def _handled(request: Request) -> Letter:
    letter = await queries.one(request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(404)
    return letter


async def _refused(request: Request, letter: Letter, form: Form) -> Response:
    """The letter page again, with what was typed and why it was refused."""
    context = await letter_context(request, letter, "full")
    context.update(errors=form.errors, values=form.values)
    return render(request, "letters/letter.html", context, status_code=400)


async def _act(request: Request, form: Form, letter: Letter, step: Step, done: str) -> Response:
    """Run one handling step; 403 outside the person's areas, the page with the reason
    when a rule refuses."""
    if form.ok:
        try:
            await step()
        except Forbidden:
            raise HTTPException(403) from None
        except services.LetterRefused as exc:
            form.add_error(exc.field, exc.message)
    if not form.ok:
        return await _refused(request, letter, form)
    flash(request, done)
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


@requires(Role.OFFICIAL)
async def accept(request: Request) -> Response:
    letter = await _handled(request)
    form, _data = await read_form(request)
    user = current_user(request)
    return await _act(
        request, form, letter, lambda: services.letter_accept(user, letter), _("已受理。")
    )


@requires(Role.OFFICIAL)
async def transfer(request: Request) -> Response:
    letter = await _handled(request)
    form, _data = await read_form(request)
    reason = form.text("transfer_reason", _("转办理由"), max_length=REASON_MAX)
    to = await queries.area_by_code(form.values.get("to", ""))
    if to is None or to.kind == AreaKind.DISTRICT:
        form.add_error("to", _("请选择转办到的街道或村/社区"))
    user = current_user(request)

    async def step() -> None:
        assert to is not None
        await services.letter_transfer(user, letter, to, reason)

    return await _act(request, form, letter, step, _("已转办。"))


@requires(Role.OFFICIAL)
async def decline(request: Request) -> Response:
    letter = await _handled(request)
    form, _data = await read_form(request)
    reason = form.values.get("decline_reason", "")
    note = form.text("decline_note", _("说明"), max_length=REASON_MAX, required=False)
    user = current_user(request)
    return await _act(
        request,
        form,
        letter,
        lambda: services.letter_decline(user, letter, reason, note),
        _("已决定不予受理，并告知来信人。"),
    )


@requires(Role.OFFICIAL)
async def extension(request: Request) -> Response:
    letter = await _handled(request)
    form, _data = await read_form(request)
    reason = form.text("extension_reason", _("延期理由"), max_length=REASON_MAX)
    user = current_user(request)
    return await _act(
        request,
        form,
        letter,
        lambda: services.extension_request(user, letter, reason),
        _("延期申请已提交上级审批。"),
    )


@requires(Role.OFFICIAL)
async def extension_decide(request: Request) -> Response:
    letter = await _handled(request)
    form, _data = await read_form(request)
    approve = form.values.get("decision") == "approve"
    user = current_user(request)
    done = _("已批准延期。") if approve else _("已不批准延期。")
    return await _act(
        request,
        form,
        letter,
        lambda: services.extension_decide(user, letter, approve=approve),
        done,
    )


@requires(Role.OFFICIAL)
async def reply(request: Request) -> Response:
    letter = await _handled(request)
    form, data = await read_form(request)
    text = form.text("reply", _("答复"), max_length=services.TEXT_MAX)
    user = current_user(request)
    if form.ok and not handles(user, letter):
        raise HTTPException(403)
    stored = await store_files(form, data.getlist("files"), user)
    if form.ok:
        try:
            await services.letter_reply(user, letter, text, stored)
        except Forbidden:
            await discard(stored)
            raise HTTPException(403) from None
        except services.LetterRefused as exc:
            await discard(stored)
            form.add_error(exc.field, exc.message)
    if not form.ok:
        return await _refused(request, letter, form)
    flash(request, _("已答复，来信人会收到通知。"))
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


async def _schedule_page(request: Request, form: Form, year: int, status: int = 200) -> Response:
    years = await ScheduleYear.all().order_by("-year")
    if "days" not in form.values:
        days = await calendar.days_of(year)
        form.values["days"] = calendar.schedule_text(list(days))
        entered = next((y for y in years if y.year == year), None)
        form.values.setdefault("source", entered.source if entered else "")
    context = {"form": form, "year": year, "years": years, "this_year": today().year}
    return render(request, "letters/schedule.html", context, status_code=status)


def _year(raw: str | None) -> int:
    this = today().year
    return int(raw) if raw and raw.isdigit() and this - 5 <= int(raw) <= this + 5 else this + 1


@requires(Role.ADMIN)
async def schedule(request: Request) -> Response:
    return await _schedule_page(request, Form(), _year(request.query_params.get("year")))


@requires(Role.ADMIN)
async def schedule_save(request: Request) -> Response:
    form, data = await read_form(request)
    year = _year(form.values.get("year"))
    upload = data.get("file")
    text = form.values.get("days", "")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(200_000)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        form.values["days"] = text
    source = form.text("source", _("依据"), max_length=200, required=False)
    try:
        days = calendar.parse_schedule(year, text)
    except Refused as exc:
        form.add_error(exc.field, exc.message)
        return await _schedule_page(request, form, year, status=400)
    changed = await schedules.schedule_save(current_user(request), year, days, source)
    flash(
        request,
        _("已保存 {year} 年放假安排（{n} 天），{m} 封在办来信的期限已重新计算。").format(
            year=year, n=len(days), m=changed
        ),
    )
    return RedirectResponse(f"/desk/letters/schedule?year={year}", status_code=303)
