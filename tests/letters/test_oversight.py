"""督办, the holiday schedule, and the statistics against hand-counted letters."""

from __future__ import annotations

import datetime as dt

import httpx
from letter_factories import NEIGHBOUR, STREET, VILLAGE, make_letter, make_official, make_writer
from support import login, make_user, post

from app import wiring
from core import clock
from core.models import Area, AuditEntry, Role
from letters import escalation
from letters.models import EventKind, LetterEvent, LetterStatus, Rating
from notify import periodic
from notify.models import Message


async def test_overdue_letters_escalate_once_to_the_parent_area(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    village = await make_official(areas[VILLAGE], "13800000011")
    street = await make_official(areas[STREET], "13800000012")
    long_ago = clock.today() - dt.timedelta(days=60)
    late = await make_letter(
        writer, areas[VILLAGE], received=long_ago, status=LetterStatus.ACCEPTED
    )
    in_time = await make_letter(writer, areas[VILLAGE])
    # Before any job ran, the street's desk already shows the late letter as 督办.
    await login(client, "13800000012")
    desk = (await client.get("/desk/letters")).text
    row = desk[desk.index(f'id="desk-{late.id}"') :]
    assert "督办" in row[: row.index("</tr>")]

    wiring.install()
    job = periodic.JOBS["letters.escalate"]
    assert job.run == escalation.escalate_overdue
    assert await job.run(clock.now()) == 1
    assert await job.run(clock.now()) == 0  # run twice for the same moment: nothing new
    escalations = await LetterEvent.filter(kind=EventKind.ESCALATED).values_list(
        "letter_id", flat=True
    )
    assert escalations == [late.id]
    told = await Message.filter(link=f"/letters/{late.id}", title__contains="督办")
    assert [m.user_id for m in told] == [street.id]
    assert village.id not in [m.user_id for m in told]
    assert not await Message.filter(link=f"/letters/{in_time.id}", title__contains="督办")
    assert await AuditEntry.filter(action="letter.escalate", target_id=str(late.id)).count() == 1


async def test_an_entered_schedule_settles_provisional_deadlines(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    writer = await make_writer(areas[VILLAGE])
    letter = await make_letter(writer, areas[VILLAGE], received=dt.date(2026, 12, 20))
    assert (letter.reply_due, letter.due_provisional) == (dt.date(2027, 1, 8), True)
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    bad = await post(client, "/desk/letters/schedule", {"year": "2027", "days": "2027-13-01,休"})
    assert bad.status_code == 400 and "第 1 行" in bad.text
    days = "日期,类型\n2027-01-01,休,元旦\n2027-02-20,班,春节调休"
    saved = await post(
        client, "/desk/letters/schedule", {"year": "2027", "days": days, "source": "国办发明电"}
    )
    assert saved.status_code == 303
    await letter.refresh_from_db()
    assert (letter.reply_due, letter.due_provisional) == (dt.date(2027, 1, 11), False)
    page = await client.get("/desk/letters/schedule?year=2027")
    assert "2027-02-20,班,春节调休" in page.text
    assert await AuditEntry.filter(action="letter.schedule").exists()


async def _march_letters(areas: dict[str, Area]) -> None:
    """Six letters of March 2026 in 吴家堡街道 and one of April in 玉清湖镇, hand-made."""
    writer = await make_writer(areas[VILLAGE])
    march = dt.date(2026, 3, 2)
    replied = {"status": LetterStatus.REPLIED, "first_replied_on": march}

    async def letter(area: str, **fields: object) -> None:
        await make_letter(writer, areas[area], received=march, **fields)  # type: ignore[arg-type]

    await letter(VILLAGE, accepted_on_time=True, replied_on_time=True, reply_working_days=5,
                 rating=Rating.SATISFIED, **replied)  # fmt: skip
    await letter(VILLAGE, accepted_on_time=True, replied_on_time=False, reply_working_days=20,
                 rating=Rating.BASIC, **replied)  # fmt: skip
    await letter(VILLAGE, accepted_on_time=False, replied_on_time=True, reply_working_days=8,
                 **replied)  # fmt: skip
    await letter(NEIGHBOUR, accepted_on_time=True, status=LetterStatus.ACCEPTED)  # reply late
    await letter(NEIGHBOUR)  # never accepted: late
    await letter(NEIGHBOUR, accepted_on_time=True, replied_on_time=True, reply_working_days=2,
                 rating=Rating.UNSATISFIED, **replied)  # fmt: skip
    await make_letter(writer, areas["370104100201"], received=dt.date(2026, 4, 1))


def _by_code(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {a["code"]: a for a in data["areas"]}  # type: ignore[attr-defined,index]


async def test_statistics_equal_the_hand_count(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await _march_letters(areas)
    march = _by_code((await client.get("/api/v1/letters/stats?month=2026-03")).json())
    pick = (
        "received",
        "accepted_on_time_pct",
        "replied_on_time_pct",
        "average_reply_working_days",
        "rated",
        "unrated",
        "satisfaction_pct",
        "overdue",
    )

    def row(code: str) -> tuple[object, ...]:
        return tuple(march[code][k] for k in pick)

    assert row(VILLAGE) == (3, "66.7", "66.7", "11.0", 2, 1, "100.0", 0)
    assert row(NEIGHBOUR) == (3, "66.7", "50.0", "2.0", 1, 0, "0.0", 2)
    assert row(STREET) == (6, "66.7", "60.0", "8.8", 3, 1, "66.7", 2)
    assert row("370104100201") == (0, None, None, None, 0, 0, None, 0)
    year = await client.get("/api/v1/letters/stats?year=2026")
    data = year.json()
    district = _by_code(data)["370104000000"]
    assert (district["received"], district["overdue"]) == (7, 3)
    assert [(m["month"], m["received"]) for m in data["months"]] == [
        ("2026-03", 6),
        ("2026-04", 1),
    ]
    csv = (await client.get("/letters/stats.csv?month=2026-03")).content.decode("utf-8-sig")
    assert "370104013000,吴家堡街道,6,66.7,60.0,8.8,3,1,66.7,2" in csv.splitlines()
    page = await client.get("/letters/stats?month=2026-03")
    assert page.status_code == 200 and page.text.count("<svg") == 3
    assert "66.7%" in page.text
    # The API refuses what its document refuses; the page's form sends empty fields.
    for query in (
        "month=2026-3",
        "month=",
        "year=",
        "year=1999",
        "month=2026-03&month=2026-04",
        "month=2026-03&year=28154",
    ):
        assert (await client.get(f"/api/v1/letters/stats?{query}")).status_code == 400, query
    assert (await client.get("/letters/stats?year=2026&month=")).status_code == 200
