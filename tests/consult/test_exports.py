"""Exports read back with pandas: staff get names, the public gets anonymised rows without
hidden comments; CSV carries a BOM; spreadsheet formulas are defused."""

from __future__ import annotations

import io

import httpx
import pandas as pd
import pytest
from consult_factories import add_questions, make_opinion, make_topic
from support import login, make_user, post

from comments.models import Visibility
from consult.exports import frame, opinion_columns
from consult.models import Topic
from core.models import Area, AuditEntry, Role


@pytest.fixture
async def topic(client: httpx.AsyncClient, areas: dict[str, Area]) -> Topic:
    topic = await make_topic(areas["370104013000"])
    questions = await add_questions(topic)
    zhang = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"], name="张桂兰")
    liu = await make_user("13900000002", Role.RESIDENT, home=areas["370104013202"], name="刘长海")
    await make_opinion(topic, zhang, '=HYPERLINK("http://evil")电梯好')
    await make_opinion(topic, liu, "被隐藏的话", visibility=Visibility.HIDDEN, hidden_reason="广告")
    await login(client, "13900000001")
    sheet = {
        f"q{questions['single'].id}": str(questions["single"].options[0].id),
        f"q{questions['multiple'].id}": str(questions["multiple"].options[1].id),
        f"q{questions['text'].id}": "早点开工",
    }
    assert (
        await post(client, f"/consult/topics/{topic.id}/questionnaire", sheet)
    ).status_code == 303
    await post(client, "/logout")
    return topic


async def test_public_xlsx_is_anonymised(client: httpx.AsyncClient, topic: Topic) -> None:
    response = await client.get(f"/consult/topics/{topic.id}/export.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None, dtype=str)
    opinions, answers = sheets["意见"], sheets["问卷"]
    assert list(opinions.columns) == [
        "编号",
        "类型",
        "回复编号",
        "发表时间",
        "村/社区",
        "立场",
        "内容",
        "支持数",
        "采纳情况",
        "反馈理由",
    ]
    assert len(opinions) == 1 and opinions.loc[0, "村/社区"] == "吴家堡村"
    assert opinions.loc[0, "内容"] == '\'=HYPERLINK("http://evil")电梯好'
    everything = opinions.to_csv() + answers.to_csv()
    assert "张桂兰" not in everything and "13900000001" not in everything
    assert "被隐藏的话" not in everything
    assert answers.loc[0, "1. 问题 single"] == "愿意"
    assert answers.loc[0, "2. 问题 multiple"] == "采光"
    assert answers.loc[0, "4. 问题 text"] == "早点开工"


async def test_public_csv_has_a_bom(client: httpx.AsyncClient, topic: Topic) -> None:
    response = await client.get(f"/consult/topics/{topic.id}/export/responses.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert "姓名" not in table.columns and table.loc[0, "1. 问题 single"] == "愿意"
    assert (await client.get(f"/consult/topics/{topic.id}/export/secrets.csv")).status_code == 404


async def test_staff_exports_name_people_and_are_audited(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    response = await client.get(f"/desk/consult/{topic.id}/export/opinions.csv")
    assert response.status_code == 200
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert set(table["姓名"]) == {"张桂兰", "刘长海"}
    assert set(table["状态"]) == {"visible", "hidden"}
    xlsx = await client.get(f"/desk/consult/{topic.id}/export.xlsx")
    answers = pd.read_excel(io.BytesIO(xlsx.content), sheet_name="问卷", dtype=str)
    assert answers.loc[0, "姓名"] == "张桂兰" and answers.loc[0, "手机号"] == "13900000001"
    assert await AuditEntry.filter(action="consult.export").count() == 2


def test_frame_keeps_column_order_and_drops_personal_columns() -> None:
    rows = [{"id": 1, "name": "张", "mobile": "139", "body": "+1", "visibility": "visible"}]
    public = frame(rows, opinion_columns(), public=True)
    assert "姓名" not in public.columns and "状态" not in public.columns
    assert public.loc[0, "内容"] == "'+1"
    staff = frame(rows, opinion_columns(), public=False)
    assert staff.loc[0, "姓名"] == "张"
