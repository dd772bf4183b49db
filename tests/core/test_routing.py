"""The route index finds exactly the route Starlette's own scan would find, or steps aside."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.routing import BaseRoute, Match, Route

from app.factory import create_app
from core.routing import RouteIndex

APP = create_app(manage_database=False)
INDEX = APP.routes[0]
ROUTES = APP.routes[1:]


def _scope(method: str, path: str) -> dict[str, object]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def _scan(scope: dict[str, object]) -> BaseRoute | None:
    """What Starlette's router does: the first route that matches fully."""
    for route in ROUTES:
        if route.matches(scope)[0] is Match.FULL:
            return route
    return None


def _indexed(scope: dict[str, object]) -> BaseRoute | None:
    match, child = INDEX.matches(scope)
    return child["yishi.matched_route"] if match is Match.FULL else None


def _example_path(route: Route) -> str:
    return re.sub(r"\{\w+(:\w+)?\}", lambda m: "7" if m.group(1) == ":int" else "x", route.path)


def test_the_index_stands_first() -> None:
    assert isinstance(INDEX, RouteIndex)


def test_every_route_is_found_through_the_index() -> None:
    checked = 0
    for route in ROUTES:
        if not isinstance(route, Route):
            continue
        for method in route.methods or ["GET"]:
            scope = _scope(method, _example_path(route))
            assert _indexed(scope) is _scan(scope) is not None, (method, route.path)
            checked += 1
    assert checked > 100


segments = st.sampled_from(
    [
        "",
        "vote",
        "processes",
        "proposals",
        "desk",
        "admin",
        "api",
        "v1",
        "7",
        "12",
        "cast",
        "results",
        "static",
        "login",
        "consult",
        "x",
        "receipts",
        "paper",
        "awards.csv",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(segments, min_size=1, max_size=5),
    st.booleans(),
    st.sampled_from(["GET", "POST", "HEAD", "DELETE"]),
)
def test_any_path_gets_the_scans_answer(parts: list[str], slash: bool, method: str) -> None:
    path = "/" + "/".join(parts) + ("/" if slash else "")
    scope = _scope(method, path)
    found = _indexed(scope)
    # A full match through the index is the scan's; otherwise the scan decides alone.
    assert found is None or found is _scan(scope)
    if _scan(scope) is not None:
        assert found is _scan(scope)
