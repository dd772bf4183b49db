"""JSON responses of the open-data API: cacheable, open to every origin, errors as JSON."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

MEDIA = "application/json; charset=utf-8"
# Public data: anyone may read it from any site (开放数据), and it changes slowly enough for
# a minute of caching; the ETag lets a client ask again for free.
OPEN_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag",
}
CACHE = "public, max-age=60"


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in wanted.split(","))


def json_response(request: Request, data: Any, *, cache: str = CACHE) -> Response:
    body = dumps(data)
    etag = _etag(body)
    headers = {**OPEN_HEADERS, "ETag": etag, "Cache-Control": cache}
    if _matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA, headers=headers)


def error_json(status: int, message: str) -> Response:
    """``{"error": {"status": 404, "message": "…"}}``; never cached."""
    body = dumps({"error": {"status": status, "message": message}})
    headers = {**OPEN_HEADERS, "Cache-Control": "no-store"}
    return Response(body, status_code=status, media_type=MEDIA, headers=headers)
