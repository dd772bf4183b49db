"""Every state-changing request needs the session's CSRF token (form field or htmx header)."""

from __future__ import annotations

import re

import httpx
from support import csrf, csrf_from, login, make_user

from core.models import Area, Role


async def test_post_without_token_is_refused_in_chinese(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await client.get("/")
    response = await client.post("/login", data={"mobile": "13900000001", "password": "x"})
    assert response.status_code == 403
    assert "没有权限" in response.text


async def test_post_with_forged_token_is_refused(client: httpx.AsyncClient, clean_db: str) -> None:
    await client.get("/")
    response = await client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403


async def test_token_from_another_session_is_refused(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    token = await csrf(client)
    client.cookies.clear()
    await client.get("/")
    response = await client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 403


async def test_htmx_header_token_is_accepted(client: httpx.AsyncClient, clean_db: str) -> None:
    token = await csrf(client)
    response = await client.post("/logout", headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert response.status_code == 303


async def test_multipart_form_token_is_accepted(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000001", Role.ADMIN)
    await login(client, "13900000001")
    token = await csrf(client)
    files = {"file": ("areas.csv", b"code,name\n", "text/csv")}
    response = await client.post("/admin/areas/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 400  # past CSRF: the importer itself answered
    assert "缺少必需的列" in response.text


async def test_multipart_without_token_is_refused(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000001", Role.ADMIN)
    await login(client, "13900000001")
    files = {"file": ("areas.csv", b"code,name\n", "text/csv")}
    response = await client.post("/admin/areas/import", files=files)
    assert response.status_code == 403


async def test_oversized_body_is_refused_with_a_clear_page(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    token = await csrf(client)
    big = b"x" * (12 * 1024 * 1024)
    files = {"file": ("big.csv", big, "text/csv")}
    response = await client.post("/admin/areas/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 413
    assert "文件过大" in response.text


async def test_every_form_on_the_pages_carries_the_session_token(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await make_user("13900000001", Role.ADMIN)
    for path in ("/login", "/register"):
        page = (await client.get(path)).text
        assert 'name="csrf_token" value=""' not in page
    await login(client, "13900000001")
    target = await make_user("13900000002", Role.RESIDENT)
    for path in (
        "/",
        "/admin/areas/new",
        "/admin/areas/import",
        "/admin/users/new",
        f"/admin/users/{target.id}",
    ):
        page = (await client.get(path)).text
        tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', page))
        assert tokens and "" not in tokens, path
        assert tokens == {csrf_from(page)}, path


async def test_a_form_field_over_the_parser_limit_gets_the_size_page_not_forbidden(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """Starlette's multipart parser refuses a field over 1 MB before the token is read:
    that is a size problem (413, 内容过大), not a forged request (403)."""
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    token = await csrf(client)
    response = await client.post(
        "/admin/areas/new",
        data={"csrf_token": token, "name": "议" * 400_000},
        files={"nothing": ("a.txt", b"x", "text/plain")},
    )
    assert response.status_code == 413
    assert "上传的内容超过了大小限制" in response.text
