"""CSRF protection for every state-changing request.

A random token lives in the signed session; each form carries it in a hidden
``csrf_token`` field and htmx sends it as the ``X-CSRF-Token`` header (set once on
``<body hx-headers>``). The check runs as middleware, so no endpoint can forget it.

Pages state the token *masked*: a fresh random pad and the token XOR that pad, so no two
responses carry the same bytes for it. Responses are gzip-compressed (core.compression),
and BREACH recovers a secret that repeats across many compressed responses next to text
the attacker reflects into them; a masked token never repeats, so there is nothing to
recover. The check unmasks what it receives (and still takes the bare token, which pages
rendered before masking carried).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import settings
from core.errors import API_PATH, error_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
HEADER = "x-csrf-token"
FIELD = "csrf_token"
# A plain (urlencoded) form the check has parsed is kept here for the endpoint (core.forms),
# so a ballot is not parsed twice. Multipart forms hold files and are parsed again.
PARSED_FORM = "yishi.form"
# Starlette's form parser refuses a field over 1 MB; a plain form no longer than that
# cannot hold one, so it is read by the standard library's parser (below).
FIELD_LIMIT = 1024 * 1024
MAX_FIELDS = 2000
# Uploads larger than this are refused before they are parsed (413, with a clear page).
BODY_LIMIT = settings.MAX_UPLOAD_BYTES + 1024 * 1024


# Path prefixes whose POST carries its own proof in the URL (a signed token) and comes from
# outside any session, e.g. a mail client's one-click unsubscribe (RFC 8058).
_TOKEN_PATHS: list[str] = []


def token_is_the_proof(prefix: str) -> None:
    """Exempt POSTs under ``prefix`` from the session token (their URL is signed instead)."""
    if prefix not in _TOKEN_PATHS:
        _TOKEN_PATHS.append(prefix)


def token_paths() -> tuple[str, ...]:
    """The exempt prefixes (the CSRF sweep of the tests skips them, and tests them apart)."""
    return tuple(_TOKEN_PATHS)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def masked_token(session: MutableMapping[str, Any]) -> str:
    """The session's token as one page states it: pad + (token XOR pad), URL-safe base64."""
    token = csrf_token(session).encode()
    pad = secrets.token_bytes(len(token))
    masked = pad + bytes(a ^ b for a, b in zip(pad, token, strict=True))
    return base64.urlsafe_b64encode(masked).decode().rstrip("=")


def unmask(sent: str) -> bytes:
    """The token inside a masked value; anything else (a bare old token) comes back as it is.

    Only the exact encoding `masked_token` writes is unmasked: base64 decoding forgives
    padding, spaces and stray characters, and a forged variant must not pass for the token.
    """
    try:
        raw = base64.urlsafe_b64decode(sent + "=" * (-len(sent) % 4))
    except (binascii.Error, ValueError):
        return sent.encode()
    canonical = base64.urlsafe_b64encode(raw).decode().rstrip("=") == sent
    if not canonical or len(raw) < 2 or len(raw) % 2:
        return sent.encode()
    half = len(raw) // 2
    return bytes(a ^ b for a, b in zip(raw[:half], raw[half:], strict=True))


class TooLarge(Exception):
    pass


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > BODY_LIMIT:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class CsrfMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PATH):
            # The open-data API is read-only: its routes answer GET alone (tests/api checks
            # it), so any other method goes on to the router's 405 with `Allow`.
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(token_paths()):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        length = request.headers.get("content-length", "")
        # A garbled length is ignored: the body is read against the limit anyway.
        declared = int(length) if length.isascii() and length.isdigit() else 0
        try:
            if declared > BODY_LIMIT:
                raise TooLarge
            body = await _read_body(receive)
        except TooLarge:
            await self._refuse(scope, receive, send, 413)
            return
        try:
            token_ok = await self._token_ok(scope, _replay(body, receive), body)
        except TooLarge:  # one field over the parser's 1 MB: say so, not "forbidden"
            await self._refuse(scope, receive, send, 413)
            return
        if not token_ok:
            await self._refuse(scope, receive, send, 403)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _token_ok(self, scope: Scope, receive: Receive, body: bytes) -> bool:
        request = Request(scope, receive)
        expected = request.session.get("csrf")
        if not expected:
            return False
        sent = request.headers.get(HEADER)
        if not sent:
            sent = await _form_token(request, body)
        if not sent or not sent.isascii():
            return False  # a forged token such as "é" is refused, not a crash
        expected_bytes = str(expected).encode()
        return hmac.compare_digest(unmask(sent), expected_bytes) or hmac.compare_digest(
            sent.encode(), expected_bytes
        )

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        response = await error_response(Request(scope, receive), status)
        await response(scope, receive, send)


async def _form_token(request: Request, body: bytes) -> str | None:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded") and len(body) <= FIELD_LIMIT:
        plain = _urlencoded(body)
        if plain is None:
            return None
        request.scope[PARSED_FORM] = plain
        token = plain.get(FIELD)
        return token if isinstance(token, str) else None
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    try:
        form: FormData = await request.form(max_files=50, max_fields=MAX_FIELDS)
    except (MultiPartException, HTTPException) as exc:
        # Inside the app Starlette turns the parser's MultiPartException into a 400.
        detail = exc.message if isinstance(exc, MultiPartException) else str(exc.detail)
        if "exceeded maximum size" in detail:
            raise TooLarge from exc
        return None  # a malformed body is simply not a valid token
    except Exception:
        return None
    value = form.get(FIELD)
    if content_type.startswith("application/x-www-form-urlencoded"):
        request.scope[PARSED_FORM] = form
    else:
        await form.close()
    return value if isinstance(value, str) else None


def _urlencoded(body: bytes) -> FormData | None:
    """A plain form as Starlette's parser reads it (names and values unquoted as UTF-8 from
    latin-1 text, blank values kept, in order), by the standard library: about a fifth of
    the time, on the ballot cast, the busiest POST of the year. None if it has too many
    fields (a malformed body is no valid token)."""
    try:
        items = parse_qsl(body.decode("latin-1"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        return None
    return FormData(list[tuple[str, str | UploadFile]](items))
