"""Rosters, verification and the ballot box: officials of other areas and unverified
residents are refused (the route × role sweep over every route is
tests/app/test_route_permissions.py)."""

from __future__ import annotations

import httpx
import pytest
from route_table import guarded_routes
from support import csrf, login, make_user

from core.models import Area, Role
from projects.models import Phase, Process, ProposalStatus
from votes.ballots.boxes import boxes_of
from votes.models import Award, BallotBox, TallySnapshot

PERSONAS = ["public", "resident", "official", "official_elsewhere", "finance", "admin"]
ROLE = {
    "resident": Role.RESIDENT,
    "official": Role.OFFICIAL,
    "official_elsewhere": Role.OFFICIAL,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}


async def _become(client: httpx.AsyncClient, persona: str, areas: dict[str, Area]) -> None:
    if persona == "public":
        return
    scope = areas["370104100000" if persona.endswith("elsewhere") else "370104013000"]
    await make_user("13900000010", ROLE[persona], scope=scope, home=areas["370104013201"])
    await login(client, "13900000010")


async def _fill(template: str, areas: dict[str, Area]) -> str:
    """Ballot routes need a process in voting and its box (吴家堡街道)."""
    if "{" not in template:
        return template
    from project_factories import make_process

    process = await make_process(areas["370104013000"], Phase.VOTING)
    [box] = await boxes_of(process)
    award_id = await _award(process, box, areas) if "{award_id" in template else 0
    return (
        template.replace("{process_id:int}", str(process.id))
        .replace("{box_id:int}", str(box.id))
        .replace("{award_id:int}", str(award_id))
    )


async def _award(process: Process, box: BallotBox, areas: dict[str, Area]) -> int:
    from project_factories import make_proposal

    author = await make_user("13900000077", Role.RESIDENT)
    proposal = await make_proposal(process, areas["370104013201"], author, ProposalStatus.FUNDED)
    snapshot = await TallySnapshot.create(
        box=box, rule="greedy", rule_version="1", input_hash="0" * 64, ballots=0, result={}
    )
    award = await Award.create(
        proposal=proposal, snapshot=snapshot, votes=1, subsidy_fen=proposal.requested_subsidy_fen
    )
    return award.id


BOX_ROUTES = [(m, t) for m, t, roles in guarded_routes() if roles and "{box_id" in t]
VOTER_ROUTES = [
    (m, t)
    for m, t, roles in guarded_routes()
    if not roles and t.startswith(("/vote/", "/processes/{process_id:int}/vote", "/verify"))
]


@pytest.mark.parametrize(("method", "template"), BOX_ROUTES)
async def test_an_official_of_another_area_cannot_enter_this_box(
    client: httpx.AsyncClient, areas: dict[str, Area], method: str, template: str
) -> None:
    await _become(client, "official_elsewhere", areas)
    path = await _fill(template, areas)
    data = {"csrf_token": await csrf(client)}
    response = await (client.get(path) if method == "GET" else client.post(path, data=data))
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), VOTER_ROUTES)
async def test_signed_in_routes(
    client: httpx.AsyncClient, areas: dict[str, Area], method: str, path: str
) -> None:
    template, path = path, await _fill(path, areas)
    await make_user("13900000011", Role.RESIDENT, home=areas["370104013201"], verified=False)
    await login(client, "13900000011")
    data = {"csrf_token": await csrf(client)}
    response = await client.request(method, path, data=data if method == "POST" else None)
    if template.startswith("/vote/"):
        assert response.status_code == 403  # signed in, but not a verified voter here
    else:
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
