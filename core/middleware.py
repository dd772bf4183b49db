"""Per-request context: the signed-in person, the language, security headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import error_response
from core.headers import SECURITY_HEADERS
from core.i18n import current_locale, pick_locale
from core.principal import load_principal

LOCALE_COOKIE = "yishi_lang"


@dataclass(frozen=True)
class SessionAccount:
    """The account a signed session names, before anything is asked of the database."""

    user_id: int
    version: int  # the account's session version when the session was issued
    ip: str


# Routes whose endpoint checks the session's account itself, inside the one query it runs
# anyway: a ballot cast, the write a whole village makes in one evening, saves a round trip.
# Their principal is loaded only if the endpoint asks (`load_deferred_principal`).
_SELF_CHECKING: list[tuple[frozenset[str], re.Pattern[str]]] = []


def account_checked_by_endpoint(route: Route) -> Route:
    """Register such a route (its methods and path); returns it, for the routes list."""
    _SELF_CHECKING.append((frozenset(route.methods or ()), route.path_regex))
    return route


def _checks_itself(scope: Scope) -> bool:
    return any(
        scope["method"] in methods and pattern.match(scope["path"])
        for methods, pattern in _SELF_CHECKING
    )


def session_account(request: Request) -> SessionAccount | None:
    account = request.scope.get("state", {}).get("account")
    return account if isinstance(account, SessionAccount) else None


async def load_deferred_principal(request: Request) -> None:
    """Load the signed-in person now, for a route that put it off (a no-op otherwise)."""
    state = request.scope.setdefault("state", {})
    account = state.pop("principal_deferred", None)
    if isinstance(account, SessionAccount):
        state["user"] = await load_principal(account.user_id, account.ip, account.version)


class RequestContextMiddleware:
    """Sets ``request.state.user`` (a Principal or None) and the language for gettext."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = current_locale.set(pick_locale(request.cookies.get(LOCALE_COOKIE)))
        try:
            scope.setdefault("state", {})
            scope["state"]["user"] = None
            send = _with_security_headers(send)
            if _has_nul(scope):
                # No text column takes NUL (PostgreSQL refuses it outright): nothing to find.
                response = await error_response(request, 400)
                await response(scope, receive, send)
                return
            if not scope["path"].startswith("/static/"):
                await _sign_in(scope, request)
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)


async def _sign_in(scope: Scope, request: Request) -> None:
    user_id = request.session.get("uid")
    if not _is_id(user_id):
        return
    account = SessionAccount(user_id, _session_version(request.session), _client_ip(request))
    scope["state"]["account"] = account
    if _checks_itself(scope):
        scope["state"]["principal_deferred"] = account
    else:
        scope["state"]["user"] = await load_principal(account.user_id, account.ip, account.version)


def _has_nul(scope: Scope) -> bool:
    query = scope.get("query_string", b"")
    return "\x00" in scope["path"] or b"%00" in query or b"\x00" in query


def _is_id(value: object) -> TypeGuard[int]:
    """A session's user id, as this app writes it (not a bool, not beyond the id column)."""
    return type(value) is int and 0 < value < 2**31


def _session_version(session: dict[str, object]) -> int:
    """The account version a session was issued for (0 before versions existed); anything
    else a tampered cookie could carry matches no account."""
    version = session.get("sv", 0)
    return version if type(version) is int else -1


def _with_security_headers(send: Send) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers.setdefault(name, value)
        await send(message)

    return send_with_headers


def _client_ip(request: Request) -> str:
    # Behind nginx, uvicorn's --proxy-headers puts the real address here.
    return request.client.host if request.client else ""
