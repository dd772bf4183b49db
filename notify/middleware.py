"""The unread count in the header: one indexed count per page a signed-in person opens."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from core.principal import Principal
from notify.queries import unread_count

# Responses that never show the header: files and the open-data API.
NO_HEADER = ("/static/", "/api/")


class UnreadCountMiddleware:
    """Sets ``request.state.unread`` for full-page GETs of signed-in people (not for
    htmx fragments, POSTs or strangers, who see no header badge)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope["path"].startswith(NO_HEADER)
        ):
            state = scope.get("state", {})
            user = state.get("user")
            headers = dict(scope.get("headers", ()))
            if isinstance(user, Principal) and b"hx-request" not in headers:
                state["unread"] = await unread_count(user.id)
        await self.app(scope, receive, send)
