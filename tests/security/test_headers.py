"""Security headers on every kind of answer, and pages that need no inline script or style.

The demo district is loaded and crawled, link by link, by the public and by each role. Every
answer (page, fragment, redirect, file, export, error) carries the CSP (``script-src
'self'``, no ``unsafe-inline``, ``frame-ancestors 'none'``), ``X-Frame-Options: DENY``,
``nosniff`` and ``Referrer-Policy``. No page has an inline ``<script>`` body, a ``<style>``
element, a ``style=`` or ``on…=`` attribute, an ``hx-on`` handler or a ``javascript:`` URL,
and every POST form carries the session's CSRF token.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from security.hostile import (
    IN_PROGRESS_PATHS,
    assert_not_crashed,
    assert_security_headers,
    fresh_client,
    token_of,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.factory import create_app
from core import settings
from core.csrf import unmask
from core.models import Area

PAGES_PER_PERSONA = 120
PERSONAS = {
    "public": None,
    "resident": "13900000001",
    "official": "13800000002",
    "finance": "13800000003",
    "admin": "13800000001",
}
SKIP = ("/logout", "/lang/", "/static/", *IN_PROGRESS_PATHS)


class PageAudit(HTMLParser):
    """Collects what a page must not have, its links, and its POST forms' tokens."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.post_forms = 0
        self.form_tokens: list[str] = []
        self._in_post_form = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "hx-get", "hx-post") and (
                (value or "").strip().lower().startswith(("javascript:", "data:text"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            source = values.get("src") or ""
            if not source.startswith("/static/"):
                self.problems.append(f"<script src={source!r}>")
            self._in_script = True
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.post_forms += 1
            self._in_post_form = True
        if tag == "input" and self._in_post_form and values.get("name") == "csrf_token":
            self.form_tokens.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "form":
            self._in_post_form = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")


def audit_page(response: httpx.Response, token: str) -> PageAudit:
    page = PageAudit()
    page.feed(response.text)
    assert not page.problems, (str(response.url), page.problems[:5])
    # Each page masks the token afresh (core.csrf): compare what the masks hold.
    unmasked = [unmask(value) for value in page.form_tokens]
    assert unmasked.count(unmask(token)) == page.post_forms, (
        str(response.url),
        "a POST form without this session's CSRF token",
    )
    return page


def _same_site_path(base: str, href: str) -> str | None:
    target = urlsplit(urljoin(base, href))
    if target.netloc != "testserver" or target.scheme != "https":
        return None
    path = target.path + (f"?{target.query}" if target.query else "")
    return None if path.startswith(SKIP) else path


@pytest.fixture
async def demo(clean_db: str) -> None:
    """The demo district, as ``yishi demo`` loads it (processes, proposals, topics, …)."""
    from app.demo import load_into_open_database

    await load_into_open_database()


async def _crawl(app: Starlette, mobile: str | None) -> set[str]:
    """Follow every same-site link from the home page (up to PAGES_PER_PERSONA pages)."""
    async with fresh_client(app) as visitor:
        if mobile:
            response = await visitor.post(
                "/login",
                data={
                    "csrf_token": await token_of(visitor),
                    "mobile": mobile,
                    "password": settings.DEMO_PASSWORD,
                },
            )
            assert response.status_code == 303
        token = await token_of(visitor)
        queue, seen = ["/"], set()
        while queue and len(seen) < PAGES_PER_PERSONA:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = await visitor.get(path)
            assert_not_crashed(response)
            assert_security_headers(response)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            page = audit_page(response, token)
            for href in page.links:
                found = _same_site_path(str(response.url), href)
                if found and found not in seen:
                    queue.append(found)
    return seen


async def test_every_page_carries_the_headers_and_no_inline_code(
    app: Starlette, demo: None
) -> None:
    """The demo is loaded once and crawled by the public and by each role in turn."""
    from consult.models import Topic, TopicStatus
    from projects.models import Proposal

    crawled = {persona: await _crawl(app, mobile) for persona, mobile in PERSONAS.items()}
    assert all(len(pages) > 12 for pages in crawled.values()), crawled
    assert any(p.startswith("/desk/") for p in crawled["official"])
    assert any(p.startswith("/admin/") for p in crawled["admin"])
    topic = await Topic.exclude(status=TopicStatus.DRAFT).first()
    proposal = await Proposal.exclude(status="draft").first()
    assert topic is not None and proposal is not None
    async with fresh_client(app) as visitor:
        for path in (
            "/static/css/yishi.css",
            "/static/favicon.svg",
            "/static/nothing.js",
            "/favicon.ico",
            "/healthz",
            f"/consult/topics/{topic.id}/export.xlsx",
            f"/consult/topics/{topic.id}/export/opinions.csv",
            "/me",
            "/admin/areas",
        ):
            response = await visitor.get(path)
            assert_not_crashed(response)
            assert_security_headers(response)
        fragment = await visitor.get(f"/proposals/{proposal.id}", headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        assert_security_headers(fragment)
        audit_page(fragment, await token_of(visitor))


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no/such/page", 404),
        ("GET", "/proposals/999999999", 404),
        ("GET", "/proposals/99999999999999999999", 404),
        ("GET", "/logout", 405),
        ("POST", "/logout", 403),
        ("GET", "/admin/areas/%00/edit", 400),
        ("GET", "/admin/users", 303),
    ],
)
async def test_error_pages_carry_the_headers(
    client: httpx.AsyncClient, areas: dict[str, Area], method: str, path: str, status: int
) -> None:
    response = await client.request(method, path)
    assert response.status_code == status
    assert_security_headers(response)
    if response.headers.get("content-type", "").startswith("text/html"):
        audit_page(response, await token_of(client))


async def test_a_too_large_body_is_answered_with_the_headers(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    token = await token_of(client)
    big = b"x" * (settings.MAX_UPLOAD_BYTES + 2 * 1024 * 1024)
    response = await client.post(
        "/admin/areas/import",
        data={"csrf_token": token},
        files={"file": ("big.csv", big, "text/csv")},
    )
    assert response.status_code == 413
    assert_security_headers(response)


async def test_a_crash_is_a_plain_500_page_with_the_headers(clean_db: str) -> None:
    """A 500 is answered by Starlette outside the middleware that adds the headers; the
    error handler adds them itself. The app is the real one, with one route that fails."""
    crashing = create_app(manage_database=False)

    async def boom(request: Request) -> Response:
        raise RuntimeError("secret detail: /etc/yishi password=hunter2")

    crashing.router.routes.append(Route("/boom", boom))
    transport = httpx.ASGITransport(app=crashing, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        response = await http.get("/boom")
    assert response.status_code == 500
    assert "系统出错了" in response.text
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert_security_headers(response)
