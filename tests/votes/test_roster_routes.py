"""Route × role for the votes package's roster and verification pages."""

from __future__ import annotations

import httpx
import pytest
from support import csrf, login, make_user
from votes_route_table import SIGNED_IN_ROUTES, STAFF_ROUTES

from core.models import Area, Role

PERSONAS = ["public", "resident", "official", "official_elsewhere", "finance", "admin"]
ROLE = {"resident": Role.RESIDENT, "official": Role.OFFICIAL,
        "official_elsewhere": Role.OFFICIAL, "finance": Role.FINANCE, "admin": Role.ADMIN}


async def _become(client: httpx.AsyncClient, persona: str, areas: dict[str, Area]) -> None:
    if persona == "public":
        return
    scope = areas["370104100000" if persona.endswith("elsewhere") else "370104013000"]
    await make_user("13900000010", ROLE[persona], scope=scope, home=areas["370104013201"])
    await login(client, "13900000010")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path", "allowed"), STAFF_ROUTES)
async def test_staff_routes(client: httpx.AsyncClient, areas: dict[str, Area], persona: str,
                            method: str, path: str, allowed: set[Role]) -> None:
    await _become(client, persona, areas)
    data = {"csrf_token": await csrf(client)}
    response = await (client.get(path) if method == "GET" else client.post(path, data=data))
    if persona == "public":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
    elif ROLE[persona] in allowed or ROLE[persona] == Role.ADMIN:
        assert response.status_code in (200, 303, 400), response.text[:300]
    else:
        assert response.status_code == 403
        assert "没有权限" in response.text


@pytest.mark.parametrize(("method", "path"), SIGNED_IN_ROUTES)
async def test_signed_in_routes(client: httpx.AsyncClient, areas: dict[str, Area], method: str,
                                path: str) -> None:
    data = {"csrf_token": await csrf(client)}
    response = await client.request(method, path, data=data if method == "POST" else None)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"], verified=False)
    await login(client, "13900000011")
    data = {"csrf_token": await csrf(client)}
    response = await client.request(method, path, data=data if method == "POST" else None)
    assert response.status_code in (200, 400)


async def test_nav_shows_the_roster_link_to_staff_only(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"], verified=False)
    await login(client, "13900000011")
    assert 'href="/desk/rosters"' not in (await client.get("/")).text
    await make_user("13800000012", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000012")
    assert 'href="/desk/rosters"' in (await client.get("/")).text
