"""Route × role: every staff route is checked on the server, for every kind of person."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Route
from support import csrf, login, make_user

from core.app import create_app
from core.models import Area, Role, RoleGrant
from core.principal import Principal

A, OFF, F = Role.ADMIN, Role.OFFICIAL, Role.FINANCE
PERSONAS = ["anonymous", "resident", "official", "finance", "admin"]

# (method, route template, who may use it). Admins may use everything.
STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("GET", "/admin/areas", {A}),
    ("GET", "/admin/areas/new", {A}),
    ("POST", "/admin/areas/new", {A}),
    ("GET", "/admin/areas/import", {A}),
    ("POST", "/admin/areas/import", {A}),
    ("GET", "/admin/areas/{code:str}/edit", {A}),
    ("POST", "/admin/areas/{code:str}/edit", {A}),
    ("GET", "/admin/users", {A}),
    ("GET", "/admin/users/new", {A}),
    ("POST", "/admin/users/new", {A}),
    ("GET", "/admin/users/{user_id:int}", {A}),
    ("POST", "/admin/users/{user_id:int}/grants", {A}),
    ("POST", "/admin/users/{user_id:int}/grants/{grant_id:int}/revoke", {A}),
    ("GET", "/admin/audit", {A}),
    ("GET", "/admin/audit.csv", {A}),
    ("GET", "/admin/audit.xlsx", {A}),
]
SIGNED_IN_ROUTES = [("GET", "/me")]


async def _persona(client: httpx.AsyncClient, persona: str, areas: dict[str, Area]) -> None:
    roles = {"resident": [Role.RESIDENT], "official": [OFF], "finance": [F], "admin": [A]}
    if persona == "anonymous":
        return
    await make_user("13900000010", *roles[persona], scope=areas["370104013000"])
    await login(client, "13900000010")


async def _fill(template: str) -> str:
    target = await make_user("13900000020", Role.RESIDENT)
    grant = await RoleGrant.get(user=target)
    return (
        template.replace("{code:str}", "370104013201")
        .replace("{user_id:int}", str(target.id))
        .replace("{grant_id:int}", str(grant.id))
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "template", "allowed"), STAFF_ROUTES)
async def test_staff_route_permission(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    persona: str,
    method: str,
    template: str,
    allowed: set[Role],
) -> None:
    await _persona(client, persona, areas)
    path = await _fill(template)
    if method == "GET":
        response = await client.get(path)
    else:
        response = await client.post(path, data={"csrf_token": await csrf(client)})
    if persona == "anonymous":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    elif Role(persona) in allowed or persona == "admin":
        assert response.status_code in (200, 303, 400), response.text[:300]
        assert not response.headers.get("location", "").startswith("/login")
    else:
        assert response.status_code == 403
        assert "没有权限" in response.text


@pytest.mark.parametrize(("method", "path"), SIGNED_IN_ROUTES)
async def test_signed_in_routes_send_strangers_to_login(
    client: httpx.AsyncClient, clean_db: str, method: str, path: str
) -> None:
    response = await client.request(method, path)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_table_covers_every_guarded_route() -> None:
    """A new staff route must be added to a route table (here or its package's), or this fails."""
    import accountability_route_table
    import consult_route_table
    import projects_route_table
    import votes_route_table

    tables = [
        (STAFF_ROUTES, SIGNED_IN_ROUTES),
        (projects_route_table.STAFF_ROUTES, projects_route_table.SIGNED_IN_ROUTES),
        (consult_route_table.STAFF_ROUTES, consult_route_table.SIGNED_IN_ROUTES),
        (votes_route_table.STAFF_ROUTES, votes_route_table.SIGNED_IN_ROUTES),
        (accountability_route_table.STAFF_ROUTES, accountability_route_table.SIGNED_IN_ROUTES),
    ]
    tabled = {(m, t) for staff, _signed in tables for m, t, _ in staff}
    tabled |= {route for _staff, signed in tables for route in signed}
    for route in create_app(manage_database=False).routes:
        if isinstance(route, Route) and hasattr(route.endpoint, "required_roles"):
            for method in (route.methods or set()) - {"HEAD"}:
                assert (method, route.path) in tabled, f"{method} {route.path} not in the table"


def test_officials_govern_their_area_and_its_descendants() -> None:
    official = Principal(
        1,
        "李",
        "13800000002",
        None,
        frozenset({OFF}),
        official_paths=("/370104000000/370104013000/",),
    )
    assert official.governs("/370104000000/370104013000/")
    assert official.governs("/370104000000/370104013000/370104013201/")
    assert not official.governs("/370104000000/370104100000/370104100201/")
    assert not official.governs("/370104000000/")
    admin = Principal(2, "王", "13800000001", None, frozenset({A}))
    assert admin.governs("/370104000000/370104100000/")
