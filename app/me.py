"""我的: what a signed-in person has done across the whole product, gathered from each
domain package (the kernel's accounts know nothing of them)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app import mine
from assist.queries import acts_of
from consult.queries import my_opinions
from core.models import Area, RoleGrant, User
from core.permissions import current_user, login_required
from core.templating import render
from letters.labels import STATUSES
from letters.queries import my_letters
from projects.labels import PHASES
from projects.labels import STATUSES as STATUS_LABELS
from residents.eligibility import verified_entry


@login_required
async def me(request: Request) -> Response:
    user = current_user(request)
    grants = await RoleGrant.filter(user_id=user.id).select_related("area")
    home = await Area.get_or_none(id=user.home_area_id) if user.home_area_id else None
    account = await User.get(id=user.id)
    context = {
        "grants": grants,
        "home": home,
        "account": account,
        "my_opinions": await my_opinions(user.id),
        "my_letters": await my_letters(user.id),
        "letter_statuses": STATUSES,
        **await _mine(request, user.id),
        "my_assists": await acts_of(user.id),
    }
    return render(request, "accounts/me.html", context)


async def _mine(request: Request, user_id: int) -> dict[str, object]:
    """The sections of what I have done; "更多" (?more=section) lifts one section's cap."""
    wanted = request.query_params.get("more", "")

    def limit(section: str) -> int:
        return mine.MORE if wanted == section else mine.CAP

    entry = await verified_entry(user_id)
    return {
        "entry": entry,
        "my_processes": await mine.my_processes(entry),
        "collecting": await mine.collecting_here(entry),
        "my_proposals": await mine.proposals(user_id, limit("proposals")),
        "my_supports": await mine.supports(user_id, limit("supports")),
        "my_comments": await mine.comments(user_id, limit("comments")),
        "my_objections": await mine.objections(user_id, limit("objections")),
        "my_messages": await mine.messages(user_id, limit("messages")),
        "status_labels": STATUS_LABELS,
        "phase_labels": PHASES,
    }


routes = [Route("/me", me, name="me")]
