"""One-shot messages shown on the next page (flash), kept in the signed session."""

from __future__ import annotations

from starlette.requests import Request


def flash(request: Request, message: str, category: str = "success") -> None:
    # Assign, never append in place: the session only saves itself when an item is set,
    # so a second flash before the first was shown would otherwise be lost.
    request.session["flashes"] = [*request.session.get("flashes", []), [category, message]]


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    if "session" not in request.scope:
        return []
    return [(c, m) for c, m in request.session.pop("flashes", [])]
