"""Serves anonymous public pages from the cache, and keeps what it renders for them."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import elder
from core.i18n import pick_locale
from core.pagecache import generation
from core.pagecache.store import MAX_BODY, PAGES, Key, Page
from core.routing import PublicRead, route_for

LOCALE_COOKIE = "yishi_lang"
# Set on a request whose answer may be kept: the page is rendered for nobody in particular
# (no CSRF token, no session touched), so it may be shown to anybody.
SHARED = "yishi.shared_page"
# Browsers ask again each time (and get a 304 while nothing changed); nginx may keep the
# page for one second (X-Accel-Expires is for nginx alone, which does not pass it on).
CACHE_HEADERS = [
    (b"cache-control", b"public, no-cache"),
    (b"x-accel-expires", b"1"),
]


def is_shared(scope: Scope) -> bool:
    return bool(scope.get(SHARED))


class PageCacheMiddleware:
    """Between the session (to know the visitor is anonymous) and everything else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        off = PAGES.capacity == 0  # YISHI_PAGE_CACHE_ENTRIES=0: every page rendered afresh
        if off or scope["type"] != "http" or not _anonymous_public_read(scope):
            await self.app(scope, receive, send)
            return
        seen = await generation.current()
        if seen is None:  # cannot tell what changed: render as if there were no cache
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        page = PAGES.get(key, seen)
        if page is None:
            page = await self._render(scope, receive, key, seen)
        await _answer(page, scope, send)

    async def _render(self, scope: Scope, receive: Receive, key: Key, seen: int) -> Page:
        scope[SHARED] = True
        kept = _Kept()
        await self.app(scope, receive, kept.send)
        page = Page(seen, kept.status, kept.headers, b"".join(kept.body))
        keepable = kept.status == 200 and len(page.body) <= MAX_BODY and not kept.personal
        # A write that committed while this page was rendered may not be in it: not kept.
        if keepable and await generation.current() == seen:
            PAGES.put(key, page)
        return page


def _anonymous_public_read(scope: Scope) -> bool:
    if scope["method"] not in ("GET", "HEAD"):
        return False
    session = scope.get("session") or {}
    if "uid" in session or session.get("flashes"):
        return False
    return isinstance(route_for(scope["app"].router.routes, scope), PublicRead)


def _key(scope: Scope) -> Key:
    headers = Headers(scope=scope)
    cookies = headers.get("cookie", "")
    return (
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        pick_locale(_cookie(cookies, LOCALE_COOKIE)),
        # 长辈模式 renders another page (class on <html>, folded navigation): kept apart.
        "elder" if elder.is_on(_cookie(cookies, elder.COOKIE)) else "",
        headers.get("hx-request", ""),
        headers.get("hx-target", ""),
    )


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class _Kept:
    """Takes the whole answer in, so its ETag can go in its headers."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.personal = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [
                (name, value)
                for name, value in message.get("headers", [])
                if name.lower() not in (b"content-length", b"etag")
            ]
            self.personal = any(_personal(name.lower(), value) for name, value in self.headers)
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))


def _personal(name: bytes, value: bytes) -> bool:
    """An answer that says it is for this visitor only (or for nobody to keep)."""
    if name == b"set-cookie":
        return True
    return name == b"cache-control" and (b"private" in value or b"no-store" in value)


async def _answer(page: Page, scope: Scope, send: Send) -> None:
    headers = list(page.headers)
    if page.status == 200:
        headers.append((b"etag", page.etag))
        if not any(name.lower() == b"cache-control" for name, _ in headers):
            headers += CACHE_HEADERS
    not_modified = page.status == 200 and _matches(scope, page.etag)
    body = b"" if not_modified or scope["method"] == "HEAD" else page.body
    if not not_modified:
        headers.append((b"content-length", str(len(page.body)).encode()))
    await send(
        {
            "type": "http.response.start",
            "status": 304 if not_modified else page.status,
            "headers": headers,
        }
    )
    await send({"type": "http.response.body", "body": body})


def _matches(scope: Scope, etag: bytes) -> bool:
    wanted = Headers(scope=scope).get("if-none-match", "")
    return any(tag.strip() == etag.decode() for tag in wanted.split(",")) or wanted == "*"
