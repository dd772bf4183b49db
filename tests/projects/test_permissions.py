"""Record checks of the projects package: a signed-in person reaches only their own drafts
(the route × role sweep over every route is tests/app/test_route_permissions.py)."""

from __future__ import annotations

import httpx
from project_factories import make_process, make_proposal
from support import csrf, login, make_user

from core.models import Area, Role
from projects.models import Phase, ProposalStatus

PERSONAS = [
    "public",
    "resident",
    "resident_elsewhere",
    "official",
    "official_elsewhere",
    "finance",
    "admin",
]
ALLOWED_ROLE = {
    "resident": Role.RESIDENT,
    "resident_elsewhere": Role.RESIDENT,
    "official": Role.OFFICIAL,
    "official_elsewhere": Role.OFFICIAL,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}


async def _become(client: httpx.AsyncClient, persona: str, areas: dict[str, Area]) -> None:
    if persona == "public":
        return
    home = areas["370104100201" if persona.endswith("elsewhere") else "370104013201"]
    scope = areas["370104100000" if persona.endswith("elsewhere") else "370104013000"]
    await make_user("13900000010", ALLOWED_ROLE[persona], scope=scope, home=home)
    await login(client, "13900000010")


async def _fill(template: str, areas: dict[str, Area]) -> str:
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    author = await make_user("13900000020", Role.RESIDENT, home=areas["370104013201"])
    proposal = await make_proposal(process, areas["370104013201"], author)
    return (
        template.replace("{process_id:int}", str(process.id))
        .replace("{proposal_id:int}", str(proposal.id))
        .replace("{attachment_id:int}", "1")
    )


async def test_record_checks_for_signed_in_routes(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """IDOR: someone else's draft cannot be edited, withdrawn or have files deleted."""
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    author = await make_user("13900000020", Role.RESIDENT, home=areas["370104013201"])
    draft = await make_proposal(process, areas["370104013201"], author, ProposalStatus.DRAFT)
    await make_user("13900000030", Role.RESIDENT, home=areas["370104013201"])
    await login(client, "13900000030")
    data = {"csrf_token": await csrf(client)}
    assert (await client.get(f"/proposals/{draft.id}/edit")).status_code == 403
    assert (await client.post(f"/proposals/{draft.id}/edit", data=data)).status_code == 403
    assert (await client.post(f"/proposals/{draft.id}/withdraw", data=data)).status_code == 403
    delete = f"/proposals/{draft.id}/attachments/1/delete"
    assert (await client.post(delete, data=data)).status_code == 403
    assert (await client.get(f"/proposals/{draft.id}")).status_code == 404
