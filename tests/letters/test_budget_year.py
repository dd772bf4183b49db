"""A letter becomes a proposal draft or a consultation topic, the pages linking both ways;
a writer's own data, and their erasure."""

from __future__ import annotations

import httpx
from letter_factories import STREET, VILLAGE, make_letter, make_official, make_writer
from project_factories import make_process
from support import login, post

from consult.models import Topic
from core.models import Area
from letters import queries, services
from letters.models import LetterEvent, LetterStatus
from projects.models import Phase, Proposal

TEXT = "建议在村口建一个候车亭，电话 13912345678。"


async def test_a_letter_becomes_a_proposal_draft_and_a_topic(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    official = await make_official(areas[VILLAGE], "13800000011")
    letter = await make_letter(
        writer, areas[VILLAGE], text=TEXT, subject="村口候车亭", status=LetterStatus.ACCEPTED
    )
    process = await make_process(areas[STREET], Phase.COLLECTING)
    await make_process(areas["370104100000"], Phase.COLLECTING, name="别的镇")
    await login(client, "13800000011")
    page = await client.get(f"/desk/letters/{letter.id}/proposal")
    assert process.name in page.text and "别的镇" not in page.text
    made = await post(client, f"/desk/letters/{letter.id}/proposal", {"process": str(process.id)})
    assert made.status_code == 303
    proposal = await Proposal.get(from_letter_id=letter.id)
    assert made.headers["location"] == f"/proposals/{proposal.id}/edit"
    assert proposal.author_id == official.id and proposal.area_id == letter.area_id
    assert "139****5678" in proposal.body and "13912345678" not in proposal.body

    made = await post(client, f"/desk/letters/{letter.id}/topic")
    assert made.status_code == 303
    topic = await Topic.get(from_letter_id=letter.id)
    assert made.headers["location"] == f"/desk/consult/{topic.id}"

    letter_page = (await client.get(f"/letters/{letter.id}")).text
    assert f'href="/proposals/{proposal.id}"' in letter_page
    assert f'href="/consult/topics/{topic.id}"' in letter_page
    for back in (f"/proposals/{proposal.id}", f"/consult/topics/{topic.id}"):
        assert f'href="/letters/{letter.id}"' in (await client.get(back)).text
    # Only a process collecting for the letter's area will do.
    other = await post(client, f"/desk/letters/{letter.id}/proposal", {"process": "999"})
    assert other.status_code == 400 and "正在征集" in other.text


async def test_an_official_of_another_area_cannot_convert(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    await make_official(areas["370104100201"], "13800000014")
    letter = await make_letter(writer, areas[VILLAGE], status=LetterStatus.ACCEPTED)
    await login(client, "13800000014")
    assert (await post(client, f"/desk/letters/{letter.id}/topic")).status_code == 403
    assert (await client.get(f"/desk/letters/{letter.id}/proposal")).status_code == 403
    assert not await Topic.exists(from_letter_id=letter.id)


async def test_personal_data_and_erasure(areas: dict[str, Area]) -> None:
    writer = await make_writer(areas[VILLAGE])
    letter = await make_letter(writer, areas[VILLAGE], text=TEXT, is_public=True, show_name=True)
    await LetterEvent.create(letter=letter, kind="written", actor=writer)
    mine = await queries.personal_data(writer.id)
    assert [x["text"] for x in mine["letters"]] == [TEXT]
    assert await services.erase_writer(writer.id) == 1
    await letter.refresh_from_db()
    assert letter.writer_id is None and not letter.show_name
    assert "13912345678" not in letter.text and "139****5678" in letter.text
    assert not await LetterEvent.filter(actor_id=writer.id).exists()
    assert (await queries.personal_data(writer.id)) == {"letters": []}
