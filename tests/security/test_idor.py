"""Insecure direct object references: an official of 玉清湖镇 (370104100000) tries every
record-level staff route on records of 吴家堡街道 (370104013000), and a resident tries to
reach a neighbour's draft. Each attempt is refused (403, or 404 where the record must not
even be known) or, where the target is chosen in a form, refused as a form error; none
changes a single row, and no page shows the other area's private records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from consult_factories import add_questions, make_opinion, make_topic
from letter_factories import make_letter
from project_factories import make_process, make_proposal, proposal_form
from security.hostile import assert_not_crashed, token_of
from support import login, make_user
from tortoise import Tortoise

from comments.models import Comment
from consult.models import TopicDocument, TopicStatus
from core.models import Area, Role
from letters.models import Extension, LetterFile, LetterStatus
from projects.models import Attachment, ProposalStatus
from residents import idcard
from residents.models import RosterEntry

WUJIABAO, YUQINGHU = "370104013000", "370104100000"  # 吴家堡街道, 玉清湖镇
VILLAGE, NEIGHBOUR_VILLAGE = "370104013201", "370104013202"  # 吴家堡村, 前屯村
OWN_VILLAGE = "370104100201"  # 睦里庄村, in 玉清湖镇


async def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (login attempts aside), to compare before and after."""
    state = {}
    for model in Tortoise.apps.get_models_iterable():  # type: ignore[union-attr]
        table = model._meta.db_table
        if table == "login_attempt":
            continue
        rows = await model.all().values_list()
        state[table] = sorted(rows, key=repr)
    return state


@dataclass
class World:
    """吴家堡街道's records, and the ids of the intruder's own."""

    ids: dict[str, int]
    secrets: list[str]  # text that only 吴家堡's staff (or the author) may see


@pytest.fixture
async def world(areas: dict[str, Area]) -> World:
    street, village = areas[WUJIABAO], areas[VILLAGE]
    official = await make_user("13800000002", Role.OFFICIAL, scope=street, name="李秀英")
    author = await make_user("13900000001", Role.RESIDENT, home=village, name="张桂兰")
    reporter = await make_user("13900000002", Role.RESIDENT, home=village, name="刘长海")
    unverified = await make_user(
        "13900000009", Role.RESIDENT, home=village, name="王未核", verified=False
    )
    process = await make_process(street)
    submitted = await make_proposal(process, village, author, title="吴家堡路灯待审")
    draft = await make_proposal(
        process, village, author, ProposalStatus.DRAFT, title="吴家堡草稿秘密"
    )
    behalf = await make_proposal(
        process,
        village,
        official,
        ProposalStatus.DRAFT,
        title="代村起草秘密",
        on_behalf_of_village=True,
    )
    photo = await Attachment.create(
        proposal=draft,
        kind="photo",
        stored_name="a" * 32 + ".png",
        thumb_name="",
        original_name="秘密照片.png",
        content_type="image/png",
        size=10,
    )
    behalf_file = await Attachment.create(
        proposal=behalf,
        kind="pdf",
        stored_name="b" * 32 + ".pdf",
        thumb_name="",
        original_name="会议记录.pdf",
        content_type="application/pdf",
        size=10,
    )
    comment = await Comment.create(
        subject_type="proposal",
        subject_id=submitted.id,
        area=village,
        author=reporter,
        body="被举报的评论内容",
        stance="oppose",
        report_count=2,
    )
    topic = await make_topic(street, TopicStatus.DRAFT, title="吴家堡草案秘密议题")
    questions = await add_questions(topic)
    document = await TopicDocument.create(
        topic=topic,
        kind="pdf",
        stored_name="c" * 32 + ".pdf",
        original_name="草案.pdf",
        size=10,
        sha256="0" * 64,
    )
    open_topic = await make_topic(street, title="吴家堡公开议题")
    opinion = await make_opinion(open_topic, reporter, body="居民的意见内容")
    await RosterEntry.create(
        area=village,
        id_hash=idcard.id_hash(idcard.make_number("370104", dt.date(1970, 1, 1), 7)),
        name="王未核",
        birth_date=dt.date(1970, 1, 1),
    )
    private = {"is_public": False, "subject": "吴家堡信件秘密"}
    letter = await make_letter(author, village, **private)
    handled = await make_letter(
        author, village, status=LetterStatus.ACCEPTED, extension=Extension.REQUESTED, **private
    )
    letter_file = await LetterFile.create(
        letter=letter,
        kind="pdf",
        stored_name="d" * 32 + ".pdf",
        original_name="来信附件.pdf",
        content_type="application/pdf",
        size=10,
    )
    return World(
        ids={
            "letter": letter.id,
            "handled": handled.id,
            "letter_file": letter_file.id,
            "process": process.id,
            "submitted": submitted.id,
            "draft": draft.id,
            "behalf": behalf.id,
            "photo": photo.id,
            "behalf_file": behalf_file.id,
            "comment": comment.id,
            "topic": topic.id,
            "question": questions["single"].id,
            "document": document.id,
            "open_topic": open_topic.id,
            "opinion": opinion.id,
            "street": street.id,
            "village": village.id,
            "unverified": unverified.id,
        },
        secrets=[
            "吴家堡草稿秘密",
            "代村起草秘密",
            "吴家堡草案秘密议题",
            "秘密照片",
            "王未核",
            "吴家堡信件秘密",
            "来信附件",
        ],
    )


@pytest.fixture
async def intruder(client: httpx.AsyncClient, areas: dict[str, Area], world: World) -> str:
    """An official of 玉清湖镇, signed in; their CSRF token."""
    await make_user("13800000005", Role.OFFICIAL, scope=areas[YUQINGHU], name="玉清湖干部")
    await login(client, "13800000005")
    return await token_of(client)


Attempt = tuple[str, str, dict[str, str]]  # method, path, form


def official_attempts(i: dict[str, int]) -> list[Attempt]:
    t, d = f"/desk/consult/{i['topic']}", f"/desk/consult/{i['topic']}/documents/{i['document']}"
    review = {
        "decision": "accept",
        "feasibility": "feasible",
        "reviewed_cost": "1000",
        "official_answer": "越权审核",
    }
    return [
        ("POST", f"/desk/proposals/{i['submitted']}/review", review),
        (
            "POST",
            f"/desk/proposals/{i['submitted']}/review",
            review | {"decision": "reject", "rejection_reason": "x"},
        ),
        ("POST", f"/comments/{i['comment']}/hide", {"reason": "越权隐藏"}),
        ("POST", f"/comments/{i['comment']}/hide", {"reason": "x", "view": "desk"}),
        ("POST", f"/comments/{i['comment']}/restore", {}),
        ("POST", f"/comments/proposal/{i['submitted']}", {"body": "越权官方答复", "official": "1"}),
        ("POST", f"/comments/{i['comment']}/reply", {"body": "越权官方回复", "official": "1"}),
        ("POST", f"/comments/topic/{i['open_topic']}", {"body": "越权答复", "official": "1"}),
        ("POST", f"/comments/{i['opinion']}/reply", {"body": "越权答复", "official": "1"}),
        ("GET", t, {}),
        (
            "POST",
            t,
            {
                "title": "改了",
                "body": "改了",
                "area": str(i["street"]),
                "opens_on": "2026-01-01",
                "closes_on": "2026-02-01",
            },
        ),
        ("POST", f"{t}/publish", {}),
        ("POST", f"{t}/close", {}),
        ("GET", f"{t}/answer", {}),
        ("POST", f"{t}/answer", {"response": "越权反馈"}),
        ("POST", f"{d}/delete", {}),
        ("GET", f"{t}/questions", {}),
        ("POST", f"{t}/questions", {"kind": "text", "prompt": "越权题目", "required": "1"}),
        ("POST", f"{t}/questions/{i['question']}/delete", {}),
        ("POST", f"{t}/questions/{i['question']}/move", {"direction": "down"}),
        ("GET", f"{t}/feedback", {}),
        ("GET", f"/desk/consult/{i['open_topic']}/feedback", {}),
        (
            "POST",
            f"/desk/consult/opinions/{i['opinion']}/feedback",
            {"adoption": "adopted", "reason": "越权采纳"},
        ),
        ("GET", f"{t}/export.xlsx", {}),
        ("GET", f"/desk/consult/{i['open_topic']}/export.xlsx", {}),
        ("GET", f"/desk/consult/{i['open_topic']}/export/opinions.csv", {}),
        ("GET", f"/desk/consult/{i['open_topic']}/export/responses.csv", {}),
        ("GET", f"/proposals/{i['draft']}", {}),
        ("GET", f"/proposals/{i['behalf']}", {}),
        ("GET", f"/attachments/{i['photo']}", {}),
        ("GET", f"/attachments/{i['photo']}/thumb", {}),
        ("GET", f"/attachments/{i['behalf_file']}", {}),
        ("GET", f"/proposals/{i['behalf']}/edit", {}),
        ("POST", f"/proposals/{i['behalf']}/edit", {"title": "越权修改", "action": "save"}),
        ("POST", f"/proposals/{i['behalf']}/withdraw", {}),
        ("POST", f"/proposals/{i['behalf']}/attachments/{i['behalf_file']}/delete", {}),
        ("POST", f"/proposals/{i['draft']}/attachments/{i['photo']}/delete", {}),
        ("GET", f"/consult/topics/{i['topic']}", {}),
        ("GET", f"/consult/topics/{i['topic']}/summary", {}),
        ("GET", f"/consult/topics/{i['topic']}/questionnaire", {}),
        ("GET", f"/consult/topics/{i['topic']}/export.xlsx", {}),
        ("GET", f"/consult/documents/{i['document']}", {}),
        *letter_attempts(i),
    ]


def letter_attempts(i: dict[str, int]) -> list[Attempt]:
    new, handled = f"/desk/letters/{i['letter']}", f"/desk/letters/{i['handled']}"
    return [
        ("GET", f"/letters/{i['letter']}", {}),
        ("GET", f"/letters/{i['handled']}", {}),
        ("GET", f"/letters/files/{i['letter_file']}", {}),
        ("POST", f"{new}/accept", {}),
        ("POST", f"{new}/transfer", {"to": OWN_VILLAGE, "transfer_reason": "越权转办"}),
        ("POST", f"{new}/decline", {"decline_reason": "duplicate"}),
        ("POST", f"{handled}/reply", {"reply": "越权答复"}),
        ("POST", f"{handled}/extension/decide", {"decision": "approve"}),
        ("GET", f"{handled}/proposal", {}),
        ("POST", f"{handled}/proposal", {"process": str(i["process"])}),
        ("POST", f"{handled}/topic", {}),
        ("POST", f"/letters/{i['handled']}/rate", {"rating": "satisfied"}),
    ]


async def _attempt(
    client: httpx.AsyncClient,
    token: str,
    method: str,
    path: str,
    form: dict[str, str],
    **kwargs: Any,
) -> httpx.Response:
    if method == "GET":
        return await client.get(path)
    return await client.post(path, data={"csrf_token": token, **form}, **kwargs)


def _check_refused(response: httpx.Response, world: World, where: str) -> None:
    assert_not_crashed(response)
    assert response.status_code in (403, 404), (where, response.status_code)
    for secret in world.secrets:
        assert secret not in response.text, (where, secret)


@pytest.mark.parametrize("htmx", [False, True])
async def test_an_official_cannot_touch_another_areas_records(
    client: httpx.AsyncClient, world: World, intruder: str, htmx: bool
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    before = await database_state()
    for method, path, form in official_attempts(world.ids):
        response = await _attempt(client, intruder, method, path, form, headers=headers)
        _check_refused(response, world, f"{method} {path}")
        assert await database_state() == before, f"{method} {path} changed the database"


async def test_a_document_upload_into_another_areas_topic_is_refused(
    client: httpx.AsyncClient, world: World, intruder: str
) -> None:
    before = await database_state()
    response = await client.post(
        f"/desk/consult/{world.ids['topic']}/documents",
        data={"csrf_token": intruder},
        files={"document": ("x.pdf", b"%PDF-1.4 hostile", "application/pdf")},
    )
    _check_refused(response, world, "document upload")
    assert await database_state() == before


async def test_the_intruders_lists_show_nothing_of_wujiabao(
    client: httpx.AsyncClient, world: World, intruder: str
) -> None:
    for path in (
        "/desk/proposals",
        "/desk/proposals?status=accepted",
        "/desk/comments",
        "/desk/comments?show=hidden",
        "/desk/consult",
        "/desk/letters",
        "/desk/letters?show=all",
        "/letters",
        "/letters/mine",
        "/desk/rosters",
        "/desk/verify",
        "/desk/verify?mobile=13900000009",
        "/me",
        "/processes",
        f"/processes/{world.ids['process']}",
        "/consult",
    ):
        page = await client.get(path)
        assert_not_crashed(page)
        assert page.status_code == 200, path
        hidden = [*world.secrets, "被举报的评论内容"]
        if path.startswith("/desk"):
            hidden.append("吴家堡路灯待审")  # public, but not in another area's review queue
        for secret in hidden:
            assert secret not in page.text, (path, secret)


async def test_choosing_another_area_in_a_form_is_refused(
    client: httpx.AsyncClient, areas: dict[str, Area], world: World, intruder: str
) -> None:
    """Where the target is picked in the form (topic area, roster scope, village, resident),
    the form refuses it like any other wrong choice: 400, and nothing written."""
    own = await make_topic(areas[YUQINGHU], TopicStatus.DRAFT, title="玉清湖议题")
    district = await make_process(areas["370104000000"])
    number = idcard.make_number("370104", dt.date(1970, 1, 1), 7)
    roster = f"姓名,身份证号,村/社区代码,出生日期\n某人,{number},{VILLAGE},1970-01-01\n".encode()
    before = await database_state()
    topic_form = {
        "title": "越权议题",
        "body": "x",
        "area": str(world.ids["street"]),
        "opens_on": "2026-01-01",
        "closes_on": "2026-02-01",
    }
    attempts: list[tuple[str, dict[str, str], dict[str, Any]]] = [
        ("/desk/consult/new", topic_form, {}),
        (f"/desk/consult/{own.id}", topic_form, {}),
        (
            "/desk/rosters",
            {"scope": str(world.ids["street"])},
            {"files": {"file": ("名册.csv", roster, "text/csv")}},
        ),
        (
            "/desk/rosters",
            {"scope": str(world.ids["village"])},
            {"files": {"file": ("名册.csv", roster, "text/csv")}},
        ),
        (
            "/desk/verify",
            {
                "mobile": "13900000009",
                "id_number": number,
                "area": str(world.ids["village"]),
                "checked": "yes",
            },
            {},
        ),
        (
            f"/processes/{district.id}/propose",
            proposal_form(areas[VILLAGE]) | {"area": str(world.ids["village"])},
            {},
        ),
        (f"/processes/{world.ids['process']}/propose", proposal_form(areas[VILLAGE]), {}),
    ]
    for path, form, kwargs in attempts:
        response = await client.post(path, data={"csrf_token": intruder, **form}, **kwargs)
        assert_not_crashed(response)
        assert response.status_code in (400, 403, 404), (path, response.status_code)
        for secret in world.secrets:
            assert secret not in response.text, (path, secret)
        assert await database_state() == before, f"{path} changed the database"


# ------------------------------------------------------------------ residents


@pytest.fixture
async def neighbour(client: httpx.AsyncClient, areas: dict[str, Area], world: World) -> str:
    """A verified resident of the same village as the drafts' author, signed in."""
    await make_user("13900000003", Role.RESIDENT, home=areas[VILLAGE], name="陈晓燕")
    await login(client, "13900000003")
    return await token_of(client)


def resident_attempts(i: dict[str, int]) -> list[Attempt]:
    return [
        ("GET", f"/proposals/{i['draft']}", {}),
        ("GET", f"/proposals/{i['draft']}/edit", {}),
        ("POST", f"/proposals/{i['draft']}/edit", {"title": "邻居改了", "action": "save"}),
        ("POST", f"/proposals/{i['draft']}/edit", {"title": "邻居提交", "action": "submit"}),
        ("POST", f"/proposals/{i['draft']}/withdraw", {}),
        ("POST", f"/proposals/{i['submitted']}/withdraw", {}),
        ("POST", f"/proposals/{i['draft']}/attachments/{i['photo']}/delete", {}),
        ("GET", f"/attachments/{i['photo']}", {}),
        ("GET", f"/attachments/{i['photo']}/thumb", {}),
        ("POST", f"/proposals/{i['behalf']}/edit", {"title": "邻居改了", "action": "save"}),
        ("POST", f"/proposals/{i['behalf']}/withdraw", {}),
        ("POST", f"/comments/{i['comment']}/hide", {"reason": "居民隐藏"}),
        ("POST", f"/comments/{i['comment']}/restore", {}),
        ("POST", f"/comments/proposal/{i['draft']}", {"body": "评论草稿", "stance": "support"}),
        ("POST", f"/comments/topic/{i['topic']}", {"body": "评论草案", "stance": "support"}),
        ("POST", f"/comments/proposal/{i['submitted']}", {"body": "冒充官方", "official": "1"}),
        ("POST", f"/desk/proposals/{i['submitted']}/review", {"decision": "accept"}),
        ("POST", f"/desk/consult/opinions/{i['opinion']}/feedback", {"adoption": "adopted"}),
        ("GET", f"/desk/consult/{i['open_topic']}/export/opinions.csv", {}),
        ("GET", f"/consult/topics/{i['topic']}", {}),
        ("GET", f"/consult/documents/{i['document']}", {}),
        *letter_attempts(i),
    ]


async def test_a_resident_cannot_reach_a_neighbours_drafts(
    client: httpx.AsyncClient, world: World, neighbour: str
) -> None:
    before = await database_state()
    for method, path, form in resident_attempts(world.ids):
        response = await _attempt(client, neighbour, method, path, form)
        _check_refused(response, world, f"{method} {path}")
        assert await database_state() == before, f"{method} {path} changed the database"


async def test_a_questionnaire_cannot_carry_another_topics_options(
    client: httpx.AsyncClient, areas: dict[str, Area], world: World, neighbour: str
) -> None:
    """Option ids of the draft topic's questions, sent to an open topic's questionnaire
    (a tampered form): refused as invalid options, nothing stored."""
    open_topic = await make_topic(areas[WUJIABAO], title="另一个公开议题")
    own = await add_questions(open_topic)
    foreign = world.ids["question"]
    from consult.models import Question

    foreign_options = [o.id for o in await (await Question.get(id=foreign)).options.all()]
    before = await database_state()
    form = {
        f"q{own['single'].id}": str(foreign_options[0]),
        f"q{own['multiple'].id}": str(foreign_options[1]),
        f"q{foreign}": "1",
    }
    response = await client.post(
        f"/consult/topics/{open_topic.id}/questionnaire", data={"csrf_token": neighbour, **form}
    )
    assert_not_crashed(response)
    assert response.status_code == 400 and "选项无效" in response.text
    assert await database_state() == before


async def test_the_owners_still_can(client: httpx.AsyncClient, world: World) -> None:
    """The control: the same routes open to the draft's author and to 吴家堡's official."""
    await login(client, "13900000001")
    assert (await client.get(f"/proposals/{world.ids['draft']}")).status_code == 200
    assert (await client.get(f"/proposals/{world.ids['draft']}/edit")).status_code == 200
    await login(client, "13800000002")
    token = await token_of(client)
    i = world.ids
    for path in (
        f"/desk/consult/{i['topic']}",
        f"/desk/consult/{i['open_topic']}/feedback",
        f"/desk/consult/{i['open_topic']}/export/opinions.csv",
        f"/proposals/{i['behalf']}/edit",
        "/desk/comments",
    ):
        assert (await client.get(path)).status_code == 200, path
    assert "被举报的评论内容" in (await client.get("/desk/comments")).text
    hide = await client.post(
        f"/comments/{i['comment']}/hide", data={"csrf_token": token, "reason": "不文明"}
    )
    assert hide.status_code == 303
