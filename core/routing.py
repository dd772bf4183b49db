"""Routing: ids in paths, public read routes, and finding a request's route quickly.

Path parameters: ``{name:int}`` matches database ids only.

Starlette's own ``int`` convertor takes any run of digits, and a 20-digit id then overflows
the database's integer column (SQLite: OverflowError; PostgreSQL: out of int32 range), a
500 for a typed-in URL. Ids here are 32-bit, so a longer number names nothing: no route, 404.
Registered from ``core/__init__.py``, before any package builds its routes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.convertors import IntegerConvertor, register_url_convertor
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound, Route, get_route_path
from starlette.types import Receive, Scope, Send

ID_DIGITS = 9  # every id below 10**9 fits a 32-bit integer column


class IdConvertor(IntegerConvertor):
    regex = f"[0-9]{{1,{ID_DIGITS}}}"


register_url_convertor("int", IdConvertor())


class PublicRead(Route):
    """A page whose GET answer is the same for every anonymous visitor (a process, its
    results, open data): the route itself says so, and ``core.replica`` may then read it
    from a streaming replica. Anything personal, any staff page, any write is a plain Route.
    """


def route_for(routes: Sequence[BaseRoute], scope: Scope) -> BaseRoute | None:
    """The route that will answer this request (a full match), as the router would find it."""
    for route in routes:
        match, child_scope = route.matches(scope)
        if match is Match.FULL:
            return child_scope.get(_MATCHED, route)
    return None


class RouteIndex(BaseRoute):
    """A shortcut to the route Starlette would find, without trying every route in turn.

    Starlette's router tries its routes in order until one matches; with about 120 routes,
    one near the end (a ballot cast is the 75th) cost ~26 µs of matching on every request.
    This stands first in the list and tries only the routes that could match: those whose
    first path segment is the request's, and those that start with a parameter, in their
    order. On a full match it hands the request to that route, the same one the whole list
    would have found; on anything else (405, a trailing-slash redirect, 404) it steps aside
    and the router's own scan decides as it always has.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self._by_segment: dict[str, list[BaseRoute]] = {}
        anywhere: list[tuple[int, BaseRoute]] = []
        literal: dict[str, list[tuple[int, BaseRoute]]] = {}
        for order, route in enumerate(routes):
            segment = _first_segment(getattr(route, "path", "{}"))
            if "{" in segment:
                anywhere.append((order, route))
            else:
                literal.setdefault(segment, []).append((order, route))
        for segment, found in literal.items():
            self._by_segment[segment] = [route for _order, route in sorted(found + anywhere)]
        self._anywhere = [route for _order, route in anywhere]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        segment = _first_segment(get_route_path(scope))
        for route in self._by_segment.get(segment, self._anywhere):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return Match.FULL, {**child_scope, _MATCHED: route}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = scope.pop(_MATCHED)
        scope["route"] = route
        await route.handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)  # the routes themselves answer


_MATCHED = "yishi.matched_route"


def _first_segment(path: str) -> str:
    return path[1:].split("/", 1)[0]
