"""The 代办 desk: register a resident present at the desk, then write for them.

Every page is for officials (`requires`); every act checks on the server that the resident
lives in the official's own villages (`assist.permissions`)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from assist import permissions, queries, services
from assist.models import PhoneOwner
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Area, Role, User
from core.permissions import current_user, requires
from core.principal import Principal
from core.refusals import Forbidden, Refused
from core.templating import render
from letters.labels import KINDS as LETTER_KINDS
from letters.models import LetterKind
from letters.services import SUBJECT_MAX, TEXT_MAX, LetterDraft
from projects import rules
from projects.labels import CATEGORIES
from projects.models import Category, Process
from projects.services.proposals import ProposalFields
from residents import queries as resident_queries
from residents.eligibility import verified_entry
from residents.models import NAME_MAX
from residents.verify_form import forget_id_number, read_roster_claim


def _phone_owners() -> dict[str, str]:
    return {
        PhoneOwner.SELF: _("本人的手机号"),
        PhoneOwner.FAMILY: _("家属的手机号"),
        PhoneOwner.NONE: _("没有手机"),
    }


def _reason(form: Form) -> str:
    return form.text("reason", _("代办原因"), max_length=services.REASON_MAX)


@requires(Role.OFFICIAL)
async def desk(request: Request) -> Response:
    official = current_user(request)
    form = Form(values={"phone_owner": PhoneOwner.SELF.value})
    areas = [
        a
        for a in await resident_queries.living_areas(official)
        if permissions.official_of(official, a)
    ]
    if request.method == "POST":
        form, _data = await read_form(request)
        resident = await _register(official, form, areas)
        if resident is not None:
            flash(request, _("已为 {name} 开通账户并核验。").format(name=resident.name))
            return RedirectResponse(f"/desk/assist/{resident.id}", status_code=303)
    forget_id_number(form)
    found = None
    mobile = request.query_params.get("mobile", "").strip()[:11]
    if mobile:
        found = await queries.find_resident(official, mobile)
    context = {
        "form": form,
        "areas": areas,
        "phone_owners": _phone_owners(),
        "consent_text": services.CONSENT_TEXT,
        "log": await queries.log(official),
        "flags": await queries.flags(official),
        "daily_flag": permissions.DAILY_FLAG,
        "searched": mobile,
        "found": found,
    }
    return render(request, "assist/desk.html", context, status_code=200 if form.ok else 400)


def _newcomer(form: Form, areas: list[Area]) -> services.Newcomer | None:
    name = form.text("name", _("姓名"), max_length=NAME_MAX)
    owner = form.choice("phone_owner", _("手机号属于谁"), PhoneOwner)
    mobile = "" if owner in (PhoneOwner.NONE, None) else form.mobile()
    relation = form.text(
        "relation", _("家属关系"), max_length=20, required=owner == PhoneOwner.FAMILY
    )
    claim = read_roster_claim(form, areas)
    reason = _reason(form)
    if form.values.get("consent_read") != "yes":
        form.add_error("consent_read", _("请先向本人宣读上面的说明，取得同意后再勾选"))
    if not form.ok or owner is None or claim is None:
        return None
    return services.Newcomer(name, mobile, owner, relation, claim.id_number, claim.area, reason)


async def _register(official: Principal, form: Form, areas: list[Area]) -> User | None:
    newcomer = _newcomer(form, areas)
    if newcomer is None:
        return None
    try:
        return await services.resident_register(official, newcomer)
    except Refused as exc:
        form.add_error(exc.field, exc.message)
    except Forbidden as exc:
        raise HTTPException(403) from exc
    return None


async def _resident_or_404(official: Principal, resident_id: int) -> tuple[User, Area]:
    """Only residents of the official's own villages: others do not exist for this desk."""
    resident = await queries.assisted_resident(official, resident_id)
    home = resident.home_area if resident else None
    if resident is None or home is None or not permissions.may_assist(official, home):
        raise HTTPException(404)
    return resident, home


async def _open_processes(home: Area) -> list[Process]:
    """Processes collecting proposals over the resident's home (an ancestor's or its own)."""
    processes = await Process.all().select_related("area")
    return [
        p for p in processes if rules.accepts_proposals(p) and home.path.startswith(p.area.path)
    ]


@requires(Role.OFFICIAL)
async def resident_page(request: Request) -> Response:
    official = current_user(request)
    resident, home = await _resident_or_404(official, request.path_params["resident_id"])
    return await _render_resident(request, resident, home, Form(), Form())


async def _render_resident(
    request: Request,
    resident: User,
    home: Area,
    proposal_form: Form,
    letter_form: Form,
    status: int = 200,
) -> Response:
    proposal_form.values.setdefault("category", Category.OTHER.value)
    letter_form.values.setdefault("kind", LetterKind.HELP.value)
    context: dict[str, Any] = {
        "resident": resident,
        "reachable": services.reachable(resident),
        "contact": await queries.contact_of(resident.id),
        "entry": await verified_entry(resident.id),
        "acts": await queries.acts_of(resident.id),
        "processes": await _open_processes(home),
        "categories": CATEGORIES,
        "letter_kinds": LETTER_KINDS,
        "phone_owners": _phone_owners(),
        "proposal_form": proposal_form,
        "letter_form": letter_form,
    }
    return render(request, "assist/resident.html", context, status_code=status)


def _proposal_fields(form: Form, home: Area) -> ProposalFields:
    # The 一事一议 split and the meeting record are the cadre's to add at review.
    return ProposalFields(
        area_id=home.id,
        title=form.text("title", _("项目名称"), max_length=100),
        summary=form.text("summary", _("想做什么、为什么"), max_length=500),
        body="",
        category=form.choice("category", _("类别"), Category) or Category.OTHER,
        location=form.text("location", _("地点"), max_length=100),
        total_cost_fen=form.money("total_cost", _("总投资（元）")),
    )


@requires(Role.OFFICIAL)
async def write_proposal(request: Request) -> Response:
    official = current_user(request)
    resident, home = await _resident_or_404(official, request.path_params["resident_id"])
    form, _data = await read_form(request)
    processes = await _open_processes(home)
    process = next((p for p in processes if str(p.id) == form.values.get("process")), None)
    if process is None:
        form.add_error("process", _("请选择正在征集提案的批次"))
    fields = _proposal_fields(form, home)
    reason = _reason(form)
    if form.ok and process is not None:
        try:
            proposal = await services.proposal_write_for(
                official, resident, process, fields, reason
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.values else "form", exc.message)
        else:
            flash(
                request,
                _("已代 {name} 提交提案「{title}」。").format(
                    name=resident.name, title=proposal.title
                ),
            )
            return RedirectResponse(f"/desk/assist/{resident.id}", status_code=303)
    return await _render_resident(request, resident, home, form, Form(), status=400)


@requires(Role.OFFICIAL)
async def write_letter(request: Request) -> Response:
    official = current_user(request)
    resident, home = await _resident_or_404(official, request.path_params["resident_id"])
    form, _data = await read_form(request)
    kind = form.choice("kind", _("来信类型"), LetterKind)
    subject = form.text("subject", _("标题"), max_length=SUBJECT_MAX)
    text = form.text("text", _("内容"), max_length=TEXT_MAX)
    reason = _reason(form)
    if form.ok and kind is not None:
        draft = LetterDraft(kind, home, subject, text, False, True)
        try:
            await services.letter_write_for(official, resident, draft, reason)
        except Refused as exc:
            form.add_error("form", exc.message)
        else:
            flash(
                request,
                _("已代 {name} 写信「{subject}」。").format(name=resident.name, subject=subject),
            )
            return RedirectResponse(f"/desk/assist/{resident.id}", status_code=303)
    return await _render_resident(request, resident, home, Form(), form, status=400)
