"""Admins set up processes and move them through their phases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.flash import flash
from core.formatting import fen_to_input
from core.forms import Form, parse_id, read_form
from core.i18n import gettext as _
from core.models import Area, AreaKind, Role
from core.permissions import current_user, requires
from core.templating import render
from projects import labels, rules
from projects.hooks import HandOver
from projects.lookups import label_context, process_or_404
from projects.models import Heading, Phase, Process, TallyRule
from projects.preview import phase_preview
from projects.services import processes as service
from projects.validation import RULES_FOR_METHOD, SETTINGS_FOR_METHOD, check_process

COVERABLE = [AreaKind.DISTRICT, AreaKind.STREET, AreaKind.TOWNSHIP]
FORM_COUNTS = (
    "min_picks",
    "max_picks",
    "points_total",
    "points_per_project",
    "knapsack_min_share",
    "vote_threshold",
    "support_threshold",
    "publicity_days",
    "min_voter_age",
)


@requires(Role.ADMIN)
async def process_admin_list(request: Request) -> Response:
    processes = await Process.all().select_related("area").order_by("-id")
    context = {"processes": processes, "next_phase": rules.next_phase, **label_context()}
    return render(request, "projects/admin_list.html", context)


async def _areas_and_children(form: Form) -> tuple[Area | None, list[Area]]:
    area_id = parse_id(form.values.get("area"))
    area = await Area.get_or_none(id=area_id, kind__in=COVERABLE) if area_id is not None else None
    children = await Area.filter(parent=area).order_by("path") if area else []
    return area, children


def _form_of(process: Process, headings: list[Heading]) -> Form:
    values = {k: str(getattr(process, k)) for k in FORM_COUNTS}
    values |= {
        "name": process.name,
        "description": process.description,
        "area": str(process.area_id),
        "budget": fen_to_input(process.budget_fen),
        "voting_method": process.voting_method.value,
        "tally_rule": process.tally_rule.value,
        "subsidy_ratio": f"{(process.subsidy_ratio * 100).normalize():f}",
        "subsidy_cap": fen_to_input(process.subsidy_cap_fen),
        "vote_threshold_is_share": "on" if process.vote_threshold_is_share else "",
    }
    for key in ("collecting_start", "collecting_end", "voting_start", "voting_end"):
        value = getattr(process, key)
        values[key] = value.isoformat() if value else ""
    for heading in headings:
        values[f"heading_{heading.area_id}"] = fen_to_input(heading.budget_fen)
    return Form(values=values)


async def _render(request: Request, form: Form, process: Process | None) -> Response:
    _area, children = await _areas_and_children(form)
    context = {
        "form": form,
        "process": process,
        "children": children,
        "areas": await Area.filter(kind__in=COVERABLE).order_by("path"),
        "frozen": process is not None and rules.voting_frozen(process),
        "settings_for_method": SETTINGS_FOR_METHOD,
        "method_names": {
            key: "、".join(_(labels.METHODS[m]) for m in methods)
            for key, methods in SETTINGS_FOR_METHOD.items()
        },
        "threshold_rule": TallyRule.GREEDY_THRESHOLD,
        "methods_for_rule": {
            rule: " ".join(m.value for m, fits in RULES_FOR_METHOD.items() if rule in fits)
            for rule in TallyRule
        },
        **label_context(),
    }
    return render(
        request, "projects/process_form.html", context, status_code=200 if form.ok else 400
    )


@requires(Role.ADMIN)
async def process_new(request: Request) -> Response:
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        defaults = {
            "min_voter_age": "18",
            "publicity_days": "7",
            "subsidy_ratio": "100",
            "voting_method": "approval",
            "tally_rule": "greedy",
        }
        return await _render(request, Form(values=defaults), None)
    form, _data = await read_form(request)
    if form.values.get("action") == "refresh":  # lists the headings, saves nothing: no errors
        return await _render(request, form, None)
    area, children = await _areas_and_children(form)
    settings = check_process(form, area, children)
    if settings is None:
        return await _render(request, form, None)
    process = await service.process_create(current_user(request), settings)
    flash(request, _("已创建批次「{name}」。").format(name=process.name))
    return RedirectResponse("/admin/processes", status_code=303)


@requires(Role.ADMIN)
async def process_edit(request: Request) -> Response:
    process = await process_or_404(request)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        headings = await Heading.filter(process=process)
        return await _render(request, _form_of(process, headings), process)
    form, _data = await read_form(request)
    if rules.voting_frozen(process):
        # Locked fields arrive disabled (not sent): keep the stored values. A changed value
        # that is sent anyway reaches the service, which refuses it.
        stored = _form_of(process, await Heading.filter(process=process)).values
        form.values = stored | form.values
    area, children = await _areas_and_children(form)
    settings = check_process(form, area, children)
    if settings is None:
        return await _render(request, form, process)
    try:
        await service.process_update(current_user(request), process, settings)
    except service.ProcessRuleError as exc:
        form.add_error("voting_method", str(exc))
        return await _render(request, form, process)
    flash(request, _("已保存批次「{name}」。").format(name=settings.name))
    return RedirectResponse("/admin/processes", status_code=303)


async def _confirm_page(
    request: Request, process: Process, to: str, status_code: int = 200
) -> Response:
    """The page that asks first: what the phase change does and how the vote stands."""
    target = next((p for p in Phase if p.value == to), None)
    if target is None or rules.next_phase(process.phase) != target:
        flash(request, _("只能进入下一个阶段"), "error")
        return RedirectResponse("/admin/processes", status_code=303)
    context = {
        "preview": await phase_preview(process, target),
        "blocked": await service.advance_refusal(process, target),
        **label_context(),
    }
    return render(request, "projects/phase_confirm.html", context, status_code=status_code)


@requires(Role.ADMIN)
async def process_phase(request: Request) -> Response:
    """GET asks (the confirmation page); POST does, only with the page's explicit confirm."""
    process = await process_or_404(request)
    if request.method != "POST":  # GET, HEAD: show; only POST writes
        return await _confirm_page(request, process, request.query_params.get("to", ""))
    form, _data = await read_form(request)
    if form.values.get("confirm") != "yes":  # a bare button, an old page: ask first
        return await _confirm_page(request, process, form.values.get("to", ""), 400)
    handed: list[HandOver] = []
    try:
        target = Phase(form.values.get("to", ""))
        await service.process_advance(current_user(request), process, target, handed)
    except ValueError:
        flash(request, _("未知的阶段"), "error")
    except service.ProcessRuleError as exc:
        flash(request, str(exc), "error")
    else:
        message = _("批次「{name}」已进入「{phase}」阶段。")
        flash(request, message.format(name=process.name, phase=_(labels.PHASES[target])))
        if handed:  # shown once, in this response only: never cached, never stored
            response = render(request, handed[0].template, handed[0].context)
            response.headers["Cache-Control"] = "no-store"
            return response
    return RedirectResponse("/admin/processes", status_code=303)
