"""我的: what a signed-in person has done across the whole product, gathered from each
domain package (the kernel's accounts know nothing of them)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from assist.queries import acts_of
from consult.queries import my_opinions
from core.models import Area, RoleGrant, User
from core.permissions import current_user, login_required
from core.templating import render
from letters.labels import STATUSES
from letters.queries import my_letters


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
        "my_assists": await acts_of(user.id),
    }
    return render(request, "accounts/me.html", context)


routes = [Route("/me", me, name="me")]
