"""Paper ballots (纸质选票) and village-meeting totals, entered by officials of the area.

A paper ballot marks the voter's roster entry (the voter mark) so that person cannot
also vote online, and an online voter cannot be entered on paper.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import audit
from core.clock import today
from core.flash import flash
from core.forms import Form, parse_id, read_form
from core.i18n import gettext as _
from core.models import Area, Role
from core.permissions import current_user, requires
from core.principal import Principal
from core.tabular import CellError, TableError, pick_columns, read_table
from core.templating import render
from projects.lookups import label_context
from projects.models import Phase, Process
from residents import idcard
from residents.models import RosterEntry
from votes.ballots import services
from votes.ballots.boxes import boxes_of, limits_of, pool_cost, proposals_in
from votes.ballots.eligibility import box_refusal_of
from votes.ballots.forms import BadBallot, marks_from
from votes.models import BallotBox, Channel, MeetingTally

BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "id_number"),
    "choices": ("选择", "choices"),
}


async def _box(request: Request) -> tuple[Process, BallotBox, Area]:
    box = await BallotBox.get_or_none(id=request.path_params["box_id"]).select_related(
        "area", "process"
    )
    if box is None:
        raise HTTPException(404)
    user = current_user(request)
    if not _overlaps(user, box.area):
        raise HTTPException(403)
    return box.process, box, box.area


def _overlaps(user: Principal, area: Area) -> bool:
    """The official governs the box's area or some village inside it."""
    return user.governs(area.path) or any(p.startswith(area.path) for p in user.official_paths)


def _number_refusal(number: str) -> str | None:
    """What is wrong with a typed ID number itself, before any roster is asked."""
    if idcard.ID_RE.fullmatch(number) is None:
        return _("身份证号格式不对：应为 18 位，17 位数字加 1 位数字或 X")
    if idcard.check_digit(number[:17]) != number[17]:
        return _("身份证号校验位不对：很可能有一位输错了，请对照身份证核对")
    if idcard.birth_date_of(number) is None:
        return _("身份证号中的出生日期（第 7–14 位）不是有效日期，请核对号码")
    return None


async def _entry(
    user: Principal, process: Process, box: BallotBox, number: str
) -> RosterEntry | str:
    """The roster entry for an ID number, within the box and the official's areas, or why
    there is none: the number is malformed, or no roster of the box's area (that the
    official governs) holds it. One ID number may sit on two villages' rosters: then the
    one that votes in this box (the person votes once whichever it is: the voter mark is
    keyed by the ID hash)."""
    normal = idcard.normalise(number)
    malformed = _number_refusal(normal)
    if malformed:
        return malformed
    box_area: Area = await box.area
    on_rosters = (
        await RosterEntry.filter(
            id_hash=idcard.id_hash(normal), area__path__startswith=box_area.path
        )
        .select_related("area")
        .order_by("id")
    )
    found = [entry for entry in on_rosters if user.governs(entry.area.path)]
    if not found:
        return _not_found(box_area, bool(on_rosters))
    if len(found) > 1:
        for entry in found:
            if await box_refusal_of(entry, process, box) is None:
                return entry
    return found[0]


def _not_found(box_area: Area, elsewhere: bool) -> str:
    if elsewhere:  # on a roster of this box, kept by another official
        return _("此人在「{area}」其他村/社区的名册上，不归您录入：请由该村/社区的干部录入").format(
            area=box_area.name
        )
    return _("「{area}」的名册中没有这个身份证号：此人不在本投票区域的名册上").format(
        area=box_area.name
    )


async def _standing_refusal(process: Process, box: BallotBox, entry: RosterEntry) -> str | None:
    """Why this person cannot have a paper ballot in this box: voted already, or not a
    voter here (age, area: the rules an online ballot passes too)."""
    channel = await services.has_voted(box.id, entry.id)
    if channel is not None:
        how = _("网上") if channel == Channel.ONLINE else _("纸质选票")
        return _("此人已经投过票（{how}），不能重复录入").format(how=how)
    return await box_refusal_of(entry, process, box)


@requires(Role.OFFICIAL)
async def paper_boxes(request: Request) -> Response:
    user = current_user(request)
    rows = []
    for process in await Process.filter(phase=Phase.VOTING).select_related("area"):
        for box in await boxes_of(process):
            area = await Area.get(id=box.area_id)
            if _overlaps(user, area):
                rows.append((process, box, area))
    return render(request, "votes/paper_boxes.html", {"rows": rows})


async def _render_entry(
    request: Request,
    process: Process,
    box: BallotBox,
    form: Form,
    batch_errors: list[CellError] | None = None,
    status: int = 200,
) -> Response:
    proposals = await proposals_in(box)
    context = {
        "process": process,
        "box": box,
        "form": form,
        "proposals": proposals,
        "costs": {p.id: pool_cost(p, process) for p in proposals},
        "limits": limits_of(process, box),
        "batch_errors": batch_errors or [],
        **label_context(),
    }
    return render(request, "votes/paper_entry.html", context, status_code=status)


@requires(Role.OFFICIAL)
async def paper_entry(request: Request) -> Response:
    process, box, _area = await _box(request)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _render_entry(request, process, box, Form())
    form, _data = await read_form(request)
    user = current_user(request)
    entry = await _entry(user, process, box, form.values.get("id_number", ""))
    refusal = entry if isinstance(entry, str) else await _standing_refusal(process, box, entry)
    if refusal or isinstance(entry, str):  # the error sits beside the ID number it is about
        form.add_error("id_number", refusal or _("名册中找不到这个身份证号"))
        return await _render_entry(request, process, box, form, status=400)
    try:
        await services.paper_ballot_enter(user, process, box, entry, marks_from(form.values))
    except (services.BallotRefused, BadBallot) as exc:
        form.add_error("ballot", str(exc))
        return await _render_entry(request, process, box, form, status=400)
    flash(request, _("已录入 {name} 的纸质选票。").format(name=entry.name))
    return RedirectResponse(f"/desk/paper/{box.id}", status_code=303)


@requires(Role.OFFICIAL)
async def paper_batch(request: Request) -> Response:
    """A CSV/XLSX of paper ballots: 身份证号, 选择 (proposal ids separated by spaces).
    Every row is checked first (roster, duplicates, already voted, ballot rules); one bad
    row refuses the whole file, listed by row and column."""
    process, box, _area = await _box(request)
    _form, data = await read_form(request)
    upload = data.get("file")
    errors: list[CellError] = []
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append(CellError(1, _("文件"), _("请选择要上传的文件")))
        return await _render_entry(request, process, box, Form(), errors, 400)
    try:
        frame = read_table(upload.filename, await upload.read())
    except TableError as exc:
        errors.append(CellError(1, _("文件"), str(exc)))
        return await _render_entry(request, process, box, Form(), errors, 400)
    rows = await _batch_rows(current_user(request), process, box, frame, errors)
    await _precheck(process, box, rows, errors)
    if errors:
        return await _render_entry(request, process, box, Form(), errors, 400)
    entered = 0
    for row, entry, marks in rows:
        try:
            await services.paper_ballot_enter(current_user(request), process, box, entry, marks)
            entered += 1
        except services.BallotRefused as exc:
            errors.append(CellError(row, BATCH_COLUMNS["id_number"][0], str(exc)))
    flash(
        request,
        _("批量录入：成功 {n} 张。").format(n=entered),
        "success" if not errors else "error",
    )
    if errors:
        return await _render_entry(request, process, box, Form(), errors, 400)
    return RedirectResponse(f"/desk/paper/{box.id}", status_code=303)


async def _batch_rows(
    user: Principal,
    process: Process,
    box: BallotBox,
    frame: pd.DataFrame,
    errors: list[CellError],
) -> list[tuple[int, RosterEntry, dict[int, int]]]:
    columns = pick_columns(frame, BATCH_COLUMNS)
    if len(columns) < len(BATCH_COLUMNS):
        errors.append(
            CellError(1, "、".join(v[0] for v in BATCH_COLUMNS.values()), _("缺少必需的列"))
        )
        return []
    rows = []
    seen: dict[str, int] = {}  # ID hash → row
    for index, record in enumerate(frame.to_dict("records"), start=2):
        entry = await _entry(user, process, box, str(record[columns["id_number"]]))
        if isinstance(entry, str):
            errors.append(CellError(index, columns["id_number"], entry))
            continue
        picks = str(record[columns["choices"]]).replace(";", " ").replace(",", " ").split()
        if not picks or not all(parse_id(p) is not None for p in picks):
            errors.append(CellError(index, columns["choices"], _("应为项目编号，用空格分隔")))
            continue
        if entry.id_hash in seen:
            errors.append(
                CellError(
                    index,
                    columns["id_number"],
                    _("与第 {row} 行是同一个人").format(row=seen[entry.id_hash]),
                )
            )
            continue
        seen[entry.id_hash] = index
        rows.append((index, entry, {int(p): 1 for p in picks}))
    return rows


async def _precheck(
    process: Process,
    box: BallotBox,
    rows: list[tuple[int, RosterEntry, dict[int, int]]],
    errors: list[CellError],
) -> None:
    for index, entry, marks in rows:
        refused = await box_refusal_of(entry, process, box)
        if refused:
            errors.append(CellError(index, BATCH_COLUMNS["id_number"][0], refused))
        if await services.has_voted(box.id, entry.id):
            errors.append(
                CellError(
                    index,
                    BATCH_COLUMNS["id_number"][0],
                    _("此人已经投过票（网上或纸质），不能重复录入"),
                )
            )
        found = await services.check_marks(process, box, marks)
        if found:
            errors.append(CellError(index, BATCH_COLUMNS["choices"][0], "；".join(found)))


@requires(Role.OFFICIAL)
async def meeting_totals(request: Request) -> Response:
    """村民会议举手表决结果: per proposal, kept apart from individual ballots."""
    process, box, _area = await _box(request)
    user = current_user(request)
    proposals = [p for p in await proposals_in(box) if user.governs(p.area.path)]
    form = Form(values={"meeting_date": today().isoformat()})  # usually entered that day
    if request.method == "POST":
        form, _data = await read_form(request)
        date = form.date("meeting_date", _("会议日期"))
        counts = {
            p.id: (
                form.optional_integer(f"present_{p.id}", _("到会人数")),
                form.optional_integer(f"favour_{p.id}", _("赞成人数")),
            )
            for p in proposals
        }
        for pid, (present, favour) in counts.items():
            if favour > present:
                form.add_error(f"favour_{pid}", _("赞成人数不能多于到会人数"))
        if form.ok and date is not None:
            await _save_tallies(user, box, date, counts)
            flash(request, _("已保存村民会议表决结果。"))
            return RedirectResponse(f"/desk/paper/{box.id}/meeting", status_code=303)
    tallies = {t.proposal_id: t for t in await MeetingTally.filter(box=box)}
    context = {
        "process": process,
        "box": box,
        "proposals": proposals,
        "form": form,
        "tallies": tallies,
    }
    return render(
        request, "votes/meeting_totals.html", context, status_code=200 if form.ok else 400
    )


async def _save_tallies(
    user: Principal, box: BallotBox, date: dt.date, counts: dict[int, tuple[int, int]]
) -> None:
    async with in_transaction():
        for pid, (present, favour) in counts.items():
            if not present:
                continue
            await MeetingTally.filter(Q(box=box) & Q(proposal_id=pid)).delete()
            await MeetingTally.create(
                box=box,
                proposal_id=pid,
                meeting_date=date,
                present=present,
                in_favour=favour,
                recorded_by_id=user.id,
            )
        await audit.record(
            user,
            "ballot.meeting",
            ("ballot_box", box.id),
            "录入村民会议表决结果",
            after={str(k): list(v) for k, v in counts.items() if v[0]},
        )
