"""A letter (领导信箱) becomes a proposal draft: an official of the letter's village picks a
process now collecting, and gets a draft in the village's name to complete. The letter and
the proposal link to each other (``letters.hooks``, wired in ``app.wiring``)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.transactions import in_transaction

from core import audit
from core.forms import parse_id, read_form
from core.i18n import gettext as _
from core.models import AreaKind, Role
from core.permissions import current_user, requires
from core.principal import Principal
from core.templating import render
from letters import queries as letter_queries
from letters.hooks import Outcome
from letters.masking import mask_text
from letters.models import Letter
from letters.permissions import handles
from projects.models import Category, Phase, Process, Proposal
from projects.services.proposals import ProposalFields, ProposalRuleError, proposal_create

VILLAGE_KINDS = (AreaKind.VILLAGE, AreaKind.COMMUNITY)


async def outcomes(letter_id: int) -> list[Outcome]:
    proposals = await Proposal.filter(from_letter_id=letter_id).order_by("id")
    return [
        Outcome(_("提案「{title}」").format(title=p.title), f"/proposals/{p.id}") for p in proposals
    ]


async def _letter(request: Request, user: Principal) -> Letter:
    letter = await letter_queries.one(request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(404)
    if not handles(user, letter):
        raise HTTPException(403)
    return letter


async def _processes(letter: Letter) -> list[Process]:
    """Processes collecting proposals whose area holds the letter's village."""
    processes = await Process.filter(phase=Phase.COLLECTING).select_related("area")
    return [p for p in processes if str(letter.area.path).startswith(str(p.area.path))]


def _fields(letter: Letter) -> ProposalFields:
    body = mask_text(letter.text) + "\n\n" + _("（来自群众来信 #{id}）").format(id=letter.id)
    return ProposalFields(
        area_id=letter.area_id,
        title=mask_text(letter.subject)[:60],
        summary="",
        body=body,
        category=Category.OTHER,
        location="",
        total_cost_fen=0,
    )


async def _page(request: Request, letter: Letter, error: str = "", status: int = 200) -> Response:
    context = {
        "letter": letter,
        "processes": await _processes(letter) if letter.area.kind in VILLAGE_KINDS else [],
        "village": letter.area.kind in VILLAGE_KINDS,
        "error": error,
    }
    return render(request, "projects/from_letter.html", context, status_code=status)


@requires(Role.OFFICIAL)
async def proposal_from_letter_page(request: Request) -> Response:
    user = current_user(request)
    return await _page(request, await _letter(request, user))


@requires(Role.OFFICIAL)
async def proposal_from_letter(request: Request) -> Response:
    user = current_user(request)
    letter = await _letter(request, user)
    form, _data = await read_form(request)
    chosen = parse_id(form.values.get("process"))
    process = next((p for p in await _processes(letter) if p.id == chosen), None)
    if process is None or letter.area.kind not in VILLAGE_KINDS:
        return await _page(request, letter, _("请选择正在征集提案的批次"), status=400)
    try:
        async with in_transaction():
            proposal = await proposal_create(user, process, _fields(letter), on_behalf=True)
            proposal.from_letter_id = letter.id
            await proposal.save(update_fields=["from_letter_id"])
            await audit.record(
                user,
                "proposal.from_letter",
                ("proposal", proposal.id),
                f"由来信 #{letter.id} 起草提案 {proposal.title}",
            )
    except ProposalRuleError as exc:
        return await _page(request, letter, str(exc), status=400)
    return RedirectResponse(f"/proposals/{proposal.id}/edit", status_code=303)
