"""The OpenAPI document: valid OpenAPI 3.1, every API route in it and nothing else, and
every documented field in real responses, and every real field documented (the schemas are
closed objects with every property required, so validating a response checks both ways)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
from letter_factories import make_letter
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from opendata_factories import World, close_voting, get_json
from project_factories import make_process
from starlette.routing import Route

from accountability.implementation.models import Milestone, Spend, WorkPlan
from app.factory import create_app
from app.opendata import PREFIX, RESOURCES, document
from core.models import Area
from letters.models import LetterReply, LetterStatus, Rating
from projects.models import Attachment, Heading, Phase
from votes.models import Award


def test_the_document_is_valid_openapi_3_1() -> None:
    doc = document()
    validate(doc)
    assert doc["openapi"] == "3.1.0" and doc["servers"] == [{"url": PREFIX}]


def test_every_api_route_is_documented_and_nothing_else() -> None:
    routes = {
        re.sub(r"\{(\w+):\w+\}", r"{\1}", r.path.removeprefix(PREFIX))
        for r in create_app(manage_database=False).routes
        if isinstance(r, Route) and r.path.startswith(PREFIX + "/")
    }
    assert routes == set(document()["paths"])


def test_money_is_integer_fen_everywhere() -> None:
    def walk(node: Any, name: str = "") -> None:
        if isinstance(node, dict):
            if name.endswith("_fen"):
                types = node.get("type")
                assert types in ("integer", ["integer", "null"]), (name, node)
            for key, value in node.items():
                walk(value, key if key not in ("properties",) else name)
                if key == "properties":
                    for field, schema in value.items():
                        walk(schema, field)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)
        assert not (isinstance(node, dict) and node.get("type") == "number"), name

    walk(document()["components"])


def _fields_documented(components: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(schema: dict[str, Any], prefix: str) -> None:
        for option in schema.get("anyOf", []):
            walk(option, prefix)
        if "items" in schema:
            walk(schema["items"], prefix + "[].")
        for name, sub in schema.get("properties", {}).items():
            found.add(prefix + name)
            walk(sub, prefix + name + ".")

    for name, schema in components.items():
        walk(schema, name + ".")
    return found


def _fields_seen(
    schema: dict[str, Any], data: Any, components: dict[str, Any], prefix: str, seen: set[str]
) -> None:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        _fields_seen(components[name], data, components, name + ".", seen)
        return
    if data is None:
        return
    for option in schema.get("anyOf", []):
        _fields_seen(option, data, components, prefix, seen)
    if "items" in schema:
        for item in data:
            _fields_seen(schema["items"], item, components, prefix + "[].", seen)
    for name, sub in schema.get("properties", {}).items():
        if name in data:
            seen.add(prefix + name)
            _fields_seen(sub, data[name], components, prefix + name + ".", seen)


def _urls(world: World, other: int) -> dict[str, list[str]]:
    p = world.process.id
    return {
        "processes": ["/api/v1/processes"],
        "process": [f"/api/v1/processes/{p}", f"/api/v1/processes/{other}"],
        "process_proposals": [f"/api/v1/processes/{p}/proposals"],
        "proposal": [f"/api/v1/proposals/{x.id}" for x in world.proposals],
        "process_results": [f"/api/v1/processes/{p}/results"],
        "process_awards": [f"/api/v1/processes/{p}/awards"],
        "process_progress": [f"/api/v1/processes/{p}/progress"],
        "process_ratings": [f"/api/v1/processes/{p}/ratings"],
        "letters": ["/api/v1/letters", "/api/v1/letters?kind=help&status=replied"],
        "letter_stats": ["/api/v1/letters/stats", "/api/v1/letters/stats?month=2026-03"],
        "dashboard": [
            "/api/v1/dashboard",
            "/api/v1/dashboard?area=370104013000",
            "/api/v1/dashboard?area=370104013201&year=2026",
        ],
    }


async def _letters(world: World, areas: dict[str, Area]) -> None:
    """A public letter with its reply and rating, this year: every letter field shows up."""
    village = areas["370104013201"]
    letter = await make_letter(
        world.author,
        village,
        is_public=True,
        show_name=True,
        status=LetterStatus.REPLIED,
        rating=Rating.SATISFIED,
        accepted_on_time=True,
        replied_on_time=True,
        reply_working_days=3,
        first_replied_on=dt.date.today(),
    )
    await LetterReply.create(letter=letter, text="已修好。", office=village.name)


async def _under_way(world: World) -> None:
    """Funded and being carried out: one project with a plan, a milestone and spend, so
    that every documented progress field shows up in a real response."""
    world.process.phase = Phase.IMPLEMENTING
    await world.process.save()
    award = await Award.filter(proposal__process=world.process).first()
    assert award is not None, "the world's tally funds at least one project"
    day = dt.date(2026, 10, 1)
    await WorkPlan.create(
        proposal_id=award.proposal_id,
        planned_start=day,  # type: ignore[attr-defined]
        planned_finish=day + dt.timedelta(days=30),
    )
    await Milestone.create(
        proposal_id=award.proposal_id,
        kind="start",  # type: ignore[attr-defined]
        happened_on=day,
        progress_pct=0,
        note="开工",
    )
    await Spend.create(
        proposal_id=award.proposal_id,
        amount_fen=100,
        spent_on=day,  # type: ignore[attr-defined]
        purpose="材料",
    )


async def test_real_responses_match_the_document_both_ways(
    client: httpx.AsyncClient, world: World, areas: dict[str, Area]
) -> None:
    other = await make_process(areas["370104000000"], Phase.COLLECTING)
    await Heading.create(process=other, area=areas["370104013000"], budget_fen=5_000_000)
    await Attachment.create(
        proposal=world.proposals[0],
        kind="photo",
        stored_name="x.jpg",
        original_name="路灯.jpg",
        content_type="image/jpeg",
        size=10,
    )
    await close_voting(world)
    await _under_way(world)
    await _letters(world, areas)
    doc = document()
    components = doc["components"]["schemas"]
    urls = _urls(world, other.id)
    assert set(urls) == {r.name for r in RESOURCES}, "a new resource needs URLs here"
    seen: set[str] = set()
    for resource in RESOURCES:
        schema = resource.schema | {"components": doc["components"]}
        for url in urls[resource.name]:
            data = await get_json(client, url)
            OAS31Validator(schema).validate(data)
            _fields_seen(resource.schema, data, components, "", seen)
    assert (
        _fields_documented(components)
        - {f for f in _fields_documented(components) if f.startswith("Error.")}
        <= seen
    )


async def test_openapi_json_is_served_and_the_page_explains_it(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    served: Any = await get_json(client, "/api/v1/openapi.json")
    assert served == document()
    page = await client.get("/open-data")
    assert page.status_code == 200 and "开放数据" in page.text
    assert "/api/v1/openapi.json" in page.text
    for resource in RESOURCES:
        assert resource.openapi_path in page.text
    home = await client.get("/")
    assert 'href="/open-data"' in home.text


async def test_other_methods_are_405_with_allow(client: httpx.AsyncClient, clean_db: str) -> None:
    """RFC 9110: a 405 says what is allowed. Writes were 403 (CSRF) or a 405 without it."""
    for method in ("POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY"):
        response = await client.request(method, f"{PREFIX}/processes")
        assert response.status_code == 405, method
        assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}
        assert response.json()["error"]["status"] == 405


async def test_the_documented_offset_range_is_what_the_server_accepts(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    [offset] = [
        p for p in document()["paths"]["/processes"]["get"]["parameters"] if p["name"] == "offset"
    ]
    largest = offset["schema"]["maximum"]
    accepted = await client.get(f"{PREFIX}/processes?offset={largest}")
    assert accepted.status_code == 200 and accepted.json()["offset"] == largest
    refused = await client.get(f"{PREFIX}/processes?offset={largest + 1}")
    assert refused.status_code == 400 and "offset" in refused.json()["error"]["message"]
    assert (await client.get(f"{PREFIX}/processes?offset=0000000001")).json()["offset"] == 1


async def test_an_empty_parameter_is_no_value(world: World, client: httpx.AsyncClient) -> None:
    """`?offset=`, `?category=` or a repeated `offset` is not an integer or a value of the
    enum: 400, as the document says (they were taken as absent or as the last value;
    schemathesis's negative data found both)."""
    path = f"{PREFIX}/processes/{world.process.id}/proposals"
    for query in ("limit=", "offset=", "category=", "status=", "offset=1&offset=2"):
        response = await client.get(f"{path}?{query}")
        assert response.status_code == 400, query
    assert (await client.get(path)).status_code == 200
