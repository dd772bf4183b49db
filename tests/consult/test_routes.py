"""Officials act on consultations and comments of their own areas only (the route × role
sweep over every route is tests/app/test_route_permissions.py)."""

from __future__ import annotations

import httpx
from consult_factories import add_questions, make_opinion, make_topic
from route_table import guarded_routes
from support import csrf, login, make_user

from consult.models import TopicDocument
from core.models import Area, Role

PERSONAS = ["anonymous", "resident", "official", "finance", "admin"]
ROLES = {
    "resident": Role.RESIDENT,
    "official": Role.OFFICIAL,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}


async def _records(areas: dict[str, Area]) -> dict[str, str]:
    street = areas["370104013000"]
    topic = await make_topic(street)
    questions = await add_questions(topic)
    author = await make_user("13900000030", Role.RESIDENT, home=areas["370104013202"])
    opinion = await make_opinion(topic, author)
    document = await TopicDocument.create(
        topic=topic,
        kind="pdf",
        stored_name="x.pdf",
        original_name="草案.pdf",
        size=10,
        sha256="0" * 64,
    )
    return {
        "{subject_type:str}": "topic",
        "{subject_id:int}": str(topic.id),
        "{topic_id:int}": str(topic.id),
        "{comment_id:int}": str(opinion.id),
        "{document_id:int}": str(document.id),
        "{question_id:int}": str(questions["text"].id),
        "{dataset:str}": "opinions",
    }


async def _persona(client: httpx.AsyncClient, persona: str, areas: dict[str, Area]) -> None:
    if persona == "anonymous":
        return
    await make_user(
        "13900000010",
        ROLES[persona],
        scope=areas["370104013000"],
        home=areas["370104013201"] if persona == "resident" else None,
    )
    await login(client, "13900000010")


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace(key, value)
    return template


async def test_an_official_of_another_area_is_refused(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    values = await _records(areas)
    await make_user("13800000009", Role.OFFICIAL, scope=areas["370104100000"])
    await login(client, "13800000009")
    token = await csrf(client)
    for method, template, roles in guarded_routes():
        if not roles:
            continue
        if template.startswith(("/desk/consult/{", "/desk/consult/opinions", "/comments/{c")):
            if template.endswith(("/report", "/support", "/reply")):
                continue  # residents' actions: refused for other reasons, tested elsewhere
            path = _fill(template, values)
            if method == "GET":
                response = await client.get(path)
            else:
                response = await client.post(path, data={"csrf_token": token})
            assert response.status_code == 403, f"{method} {path}: {response.status_code}"
