"""Residents of the scope answer the questionnaire: one response each (a database
constraint, even under concurrency), editable until close; errors keep what was picked."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from consult_factories import add_questions, make_topic
from support import login, make_user, post

from consult import survey
from consult.models import Answer, Question, SurveyResponse, Topic, TopicStatus
from core.models import Area, Role
from core.principal import load_principal


@pytest.fixture
async def topic(areas: dict[str, Area]) -> Topic:
    return await make_topic(areas["370104013000"])


def _sheet(questions: dict[str, Question], single: int = 0, text: str = "") -> dict[str, str]:
    return {
        f"q{questions['single'].id}": str(questions["single"].options[single].id),
        f"q{questions['multiple'].id}": str(questions["multiple"].options[0].id),
        f"q{questions['scale'].id}": "4",
        f"q{questions['text'].id}": text,
    }


async def test_submit_then_edit_until_close(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    questions = await add_questions(topic)
    await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    await login(client, "13900000001")
    path = f"/consult/topics/{topic.id}/questionnaire"
    response = await post(client, path, _sheet(questions, text="早点开工"))
    assert response.status_code == 303
    response = await post(client, path, _sheet(questions, single=2))
    assert response.status_code == 303
    assert await SurveyResponse.filter(topic=topic).count() == 1
    picked = await Answer.filter(question=questions["single"]).values_list("option_id", flat=True)
    assert picked == [questions["single"].options[2].id]
    assert not await Answer.filter(question=questions["text"]).exists()
    page = (await client.get(path)).text
    assert "您已提交过问卷" in page
    topic.status = TopicStatus.CLOSED
    await topic.save()
    assert (await post(client, path, _sheet(questions))).status_code == 403


async def test_errors_come_back_with_the_choices_kept(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    questions = await add_questions(topic)
    await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    await login(client, "13900000001")
    multiple = questions["multiple"]
    sent = {
        f"q{questions['single'].id}": str(questions["single"].options[1].id),
        f"q{questions['text'].id}": "我的建议",
    }
    response = await client.post(
        f"/consult/topics/{topic.id}/questionnaire",
        data={
            **sent,
            "csrf_token": await _token(client),
            f"q{multiple.id}": [str(o.id) for o in multiple.options[:3]],
        },
    )
    assert response.status_code == 400
    assert "此题最多选择 2 项" in response.text and "我的建议" in response.text
    assert f'value="{questions["single"].options[1].id}" checked' in response.text
    assert not await SurveyResponse.exists()


async def _token(client: httpx.AsyncClient) -> str:
    from support import csrf

    return await csrf(client)


async def test_only_residents_of_the_scope(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    questions = await add_questions(topic)
    await make_user("13900000004", Role.RESIDENT, home=areas["370104100201"])
    await login(client, "13900000004")
    response = await post(client, f"/consult/topics/{topic.id}/questionnaire", _sheet(questions))
    assert response.status_code == 403
    assert (
        "只有本辖区的居民可以填写问卷"
        in (await client.get(f"/consult/topics/{topic.id}/questionnaire")).text
    )


@pytest.mark.postgres_only
async def test_twenty_concurrent_submissions_make_one_response(
    database: str, areas: dict[str, Area], topic: Topic
) -> None:
    questions = await add_questions(topic)
    person = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    principal = await load_principal(person.id)
    assert principal is not None
    sheets = [
        {key: [value] for key, value in _sheet(questions, single=i % 3).items()} for i in range(20)
    ]
    results = await asyncio.gather(
        *(survey.response_submit(principal, topic, sheet) for sheet in sheets)
    )
    assert all(response is not None for response, _checked in results)
    assert await SurveyResponse.filter(topic=topic, respondent=person).count() == 1
    # The last writer's sheet, whole: one answer per single-choice question, never a mix.
    assert await Answer.filter(question=questions["single"]).count() == 1
    assert await Answer.filter(question=questions["multiple"]).count() == 1


async def test_the_database_refuses_a_second_response(areas: dict[str, Area], topic: Topic) -> None:
    from tortoise.exceptions import IntegrityError

    person = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    await SurveyResponse.create(topic=topic, respondent=person)
    with pytest.raises(IntegrityError):
        await SurveyResponse.create(topic=topic, respondent=person)
