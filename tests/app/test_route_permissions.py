"""Route × role, written once for every route of the app.

The table is the app itself: every route whose endpoint is guarded (``core.permissions``:
``requires`` or ``login_required``) is swept for each kind of person, so a new staff route
is checked without a test of its own. Strangers are sent to log in; people without one of
the route's roles get 403 before anything happens; people with one get through to the
endpoint (which may still refuse a record outside their areas: the packages' own tests
check those scopes, e.g. an official of another street).
"""

from __future__ import annotations

import httpx
import pytest
from route_table import fill, guarded_routes
from security.hostile import make_records
from support import csrf, login, make_user

from core.models import Area, Role

PERSONAS = {
    "resident": Role.RESIDENT,
    "official": Role.OFFICIAL,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}
GUARDED = guarded_routes()


async def _request(client: httpx.AsyncClient, method: str, path: str) -> httpx.Response:
    if method == "GET":
        return await client.get(path)
    return await client.post(path, data={"csrf_token": await csrf(client)})


def test_the_sweep_sees_the_staff_routes_of_every_package() -> None:
    paths = {template for _method, template, roles in GUARDED if roles}
    for prefix in (
        "/admin/areas",
        "/admin/audit",
        "/admin/deliveries",
        "/desk/proposals",
        "/desk/consult",
        "/desk/rosters",
        "/desk/paper",
        "/desk/objections",
        "/desk/letters",
        "/finance",
    ):
        assert any(p.startswith(prefix) for p in paths), prefix


@pytest.mark.parametrize(("method", "template", "roles"), GUARDED)
async def test_strangers_are_sent_to_log_in(
    client: httpx.AsyncClient, clean_db: str, method: str, template: str, roles: frozenset[Role]
) -> None:
    response = await _request(client, method, fill(template, {}))
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize(("method", "template", "roles"), GUARDED)
async def test_only_the_routes_roles_get_through(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    persona: str,
    method: str,
    template: str,
    roles: frozenset[Role],
) -> None:
    allowed = not roles or PERSONAS[persona] in roles
    ids = await make_records(areas) if allowed else {}
    await make_user(
        "13900000010",
        PERSONAS[persona],
        scope=areas["370104013000"],
        home=areas["370104013201"],
    )
    await login(client, "13900000010")
    response = await _request(client, method, fill(template, ids))
    if allowed:
        # Past the guard: a staff route serves its role; a signed-in route's endpoint may
        # still refuse this person for the record (a finance clerk proposing a project).
        refused = (500,) if not roles else (403, 500)
        assert response.status_code not in refused, response.text[:300]
        assert not response.headers.get("location", "").startswith("/login")
    else:
        assert response.status_code == 403 and "没有权限" in response.text
