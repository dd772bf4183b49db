"""A resource of the API: a path, a loader that returns plain JSON data, and its documentation.

Adding a resource is one ``Resource(...)`` in a domain's ``opendata.py`` and one line in
``app.opendata.RESOURCES``; the route, the JSON response, the errors and the OpenAPI entry
follow from it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.api.schema import Schema, string
from core.i18n import gettext as _
from core.routing import ID_DIGITS

Loader = Callable[[Request], Awaitable[Any]]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# The largest offset and id a request may name (ids are 32-bit; core.routing): the
# document states it, so what it calls valid the server accepts.
MAX_NUMBER = 10**ID_DIGITS - 1
_CONVERTER = re.compile(r"\{(\w+):\w+\}")


@dataclass(frozen=True)
class Parameter:
    """A documented query or path parameter."""

    name: str
    description: str
    schema: Schema
    where: str = "query"

    def openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.where,
            "required": self.where == "path",
            "description": self.description,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class Resource:
    path: str  # under /api/v1, with Starlette converters: /processes/{process_id:int}
    name: str  # the route name and the OpenAPI operationId
    summary: str
    load: Loader
    schema: Schema  # the 200 response body
    parameters: tuple[Parameter, ...] = ()
    description: str = ""
    errors: dict[int, str] = field(default_factory=lambda: {404: "不存在或尚未公开"})

    @property
    def openapi_path(self) -> str:
        return _CONVERTER.sub(r"{\1}", self.path)


def path_id(name: str, description: str) -> Parameter:
    schema = {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER}
    return Parameter(name, description, schema, where="path")


PAGING = (
    Parameter(
        "limit",
        f"每页条数，1–{MAX_LIMIT}，默认 {DEFAULT_LIMIT}",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    Parameter(
        "offset",
        f"跳过前多少条，0–{MAX_NUMBER}，默认 0",
        {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER, "default": 0},
    ),
)


def choice(name: str, description: str, values: list[str]) -> Parameter:
    return Parameter(name, description, string(enum=values))


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    @classmethod
    def from_request(cls, request: Request) -> Paging:
        limit = _number(request, "limit", DEFAULT_LIMIT)
        offset = _number(request, "offset", 0)
        if not 1 <= limit <= MAX_LIMIT:
            raise HTTPException(400, _("limit 须为 1 到 {n} 之间的整数").format(n=MAX_LIMIT))
        return cls(limit, offset)

    def page(self, items: list[Any], total: int) -> dict[str, Any]:
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset}


def _number(request: Request, name: str, default: int) -> int:
    given = request.query_params.getlist(name)
    if not given:
        return default  # absent; "offset=" is no integer and is refused below
    raw = given[0] if len(given) == 1 else ""  # one integer, not a list of them
    # Leading zeros do not count: "007" is 7, as the schema's integer has it.
    if not raw.isascii() or not raw.isdigit() or len(raw.lstrip("0")) > ID_DIGITS:
        raise HTTPException(400, _("参数 {name} 须为非负整数").format(name=name))
    return int(raw)
