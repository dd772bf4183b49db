"""Server-side permission checks, as endpoint decorators.

Each decorated endpoint carries ``required_roles`` so tests can enumerate staff routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.middleware import load_deferred_principal
from core.models import Role
from core.principal import Principal

Endpoint = Callable[[Request], Awaitable[Response]]


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def signed_in(request: Request) -> Principal | None:
    user = request.state.user
    return user if isinstance(user, Principal) else None


def login_required(endpoint: Endpoint) -> Endpoint:
    @wraps(endpoint)
    async def guarded(request: Request) -> Response:
        await load_deferred_principal(request)
        if signed_in(request) is None:
            return login_redirect(request)
        return await endpoint(request)

    guarded.required_roles = ()  # type: ignore[attr-defined]
    return guarded


def requires(*roles: Role) -> Callable[[Endpoint], Endpoint]:
    """Allow only people holding at least one of `roles` (admins hold every power)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def decorate(endpoint: Endpoint) -> Endpoint:
        @wraps(endpoint)
        async def guarded(request: Request) -> Response:
            await load_deferred_principal(request)
            user = signed_in(request)
            if user is None:
                return login_redirect(request)
            if not user.has(*allowed):
                raise HTTPException(403)
            return await endpoint(request)

        guarded.required_roles = tuple(sorted(allowed))  # type: ignore[attr-defined]
        return guarded

    return decorate


def current_user(request: Request) -> Principal:
    """The signed-in person, for endpoints already behind a guard."""
    user = signed_in(request)
    if user is None:
        raise HTTPException(403)
    return user
