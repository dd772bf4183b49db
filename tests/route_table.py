"""The app's guarded routes, read from the app itself: the one route table of the tests.

Every route whose endpoint is guarded (``core.permissions``: ``requires`` or
``login_required``) is here with the roles that may use it (empty: anyone signed in), so a
new route is swept by ``tests/app/test_route_permissions.py`` and the CSRF tests without
being listed by hand.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from app.factory import create_app
from core.models import Role

STRINGS = {
    "code": "370104013201",
    "subject_type": "topic",
    "kind": "xlsx",
    "dataset": "opinions",
    "token": "not-a-signed-token",
}


def guarded_routes() -> list[tuple[str, str, frozenset[Role]]]:
    """(method, path template, roles that may use it; empty: anyone signed in)."""
    found = []
    for route in create_app(manage_database=False).routes:
        roles = getattr(getattr(route, "endpoint", None), "required_roles", None)
        if isinstance(route, Route) and roles is not None:
            for method in sorted((route.methods or set()) - {"HEAD"}):
                found.append((method, route.path, frozenset(roles)))
    return found


def fill(template: str, ids: dict[str, int]) -> str:
    """A path from a template: ids by parameter name (1 when not given), fixed strings."""

    def value(match: re.Match[str]) -> str:
        name, kind = match[1], match[2]
        return STRINGS[name] if kind == "str" else str(ids.get(name, 1))

    return re.sub(r"\{(\w+):(\w+)\}", value, template)
