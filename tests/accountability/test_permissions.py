"""Route × role for objections and implementation: each staff route refuses the wrong role
(403) and strangers (login), and lets the right one in, on a real funded project."""

from __future__ import annotations

import httpx
import pytest
from accountability_factories import funded
from accountability_route_table import SIGNED_IN_ROUTES, STAFF_ROUTES
from support import csrf, login, make_user

from core.models import Area, Role
from projects.implementation.models import Spend
from votes.objections.models import Objection

PERSONAS = ["public", "resident", "official", "finance", "admin"]
ROLE = {
    "resident": Role.RESIDENT,
    "official": Role.OFFICIAL,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}


async def _fill(template: str, areas: dict[str, Area]) -> str:
    process, proposal, _award = await funded(areas)
    author = await make_user("13900000051", Role.RESIDENT, home=areas["370104013201"])
    objection = await Objection.create(process=process, author=author, reason="理由" * 6)
    spend = await Spend.create(
        proposal=proposal, amount_fen=100, spent_on="2026-11-01", purpose="材料"
    )
    return (
        template.replace("{process_id:int}", str(process.id))
        .replace("{proposal_id:int}", str(proposal.id))
        .replace("{objection_id:int}", str(objection.id))
        .replace("{spend_id:int}", str(spend.id))
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "template", "allowed"), STAFF_ROUTES)
async def test_staff_routes(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    persona: str,
    method: str,
    template: str,
    allowed: set[Role],
) -> None:
    path = await _fill(template, areas)
    if persona != "public":
        await make_user(
            "13900000010", ROLE[persona], scope=areas["370104013000"], home=areas["370104013201"]
        )
        await login(client, "13900000010")
    data = {"csrf_token": await csrf(client)}
    response = await (client.get(path) if method == "GET" else client.post(path, data=data))
    if persona == "public":
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    elif ROLE[persona] in allowed or persona == "admin":
        assert response.status_code in (200, 303, 400), response.text[:300]
    else:
        assert response.status_code == 403 and "没有权限" in response.text


@pytest.mark.parametrize(("method", "template"), SIGNED_IN_ROUTES)
async def test_signed_in_routes_send_strangers_to_login(
    client: httpx.AsyncClient, areas: dict[str, Area], method: str, template: str
) -> None:
    path = await _fill(template, areas)
    data = {"csrf_token": await csrf(client)}
    response = await (client.get(path) if method == "GET" else client.post(path, data=data))
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
