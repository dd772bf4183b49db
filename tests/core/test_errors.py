"""Error pages are Chinese and never show a stack trace; security headers are set."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.requests import Request
from starlette.routing import Route

from app.factory import create_app


async def test_404_is_a_chinese_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert "页面不存在" in response.text and "返回首页" in response.text


async def _boom(request: Request) -> None:
    raise RuntimeError("secret internals /work/main/core")


@pytest.fixture
async def boom_client(clean_db: str) -> httpx.AsyncClient:
    app = create_app(manage_database=False)
    app.router.routes.append(Route("/boom", _boom))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="https://testserver")


async def test_500_hides_the_trace(boom_client: httpx.AsyncClient) -> None:
    response = await boom_client.get("/boom")
    assert response.status_code == 500
    assert "系统出错了" in response.text
    assert "Traceback" not in response.text and "secret internals" not in response.text


async def test_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_static_htmx_is_vendored(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    source = re.search(
        r'<script src="(/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js)"', page.text
    )
    assert source, "htmx is linked by its hashed name"
    script = await client.get(source.group(1))
    assert script.status_code == 200 and "htmx" in script.text[:200]
    assert "//cdn" not in page.text and "unpkg" not in page.text


async def test_health_check(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).text == "ok"
