"""工作日报: one message a day per official with anything waiting in their areas' queues,
nothing for an official whose queues are empty, and nothing twice for one day."""

from __future__ import annotations

import datetime as dt

from consult_factories import make_opinion, make_topic
from project_factories import make_process, make_proposal
from support import make_user

from app import digest, wiring
from core.clock import CHINA
from core.models import Area, Role
from notify import periodic
from notify.kinds import Kind
from notify.models import Message
from projects.models import Phase

MORNING = dt.datetime(2027, 3, 2, 8, 30, tzinfo=CHINA)


async def test_each_official_hears_their_own_queues_once_a_day(areas: dict[str, Area]) -> None:
    township, village = areas["370104013000"], areas["370104013201"]
    busy = await make_user("13800000002", Role.OFFICIAL, scope=township)
    idle = await make_user("13800000004", Role.OFFICIAL, scope=areas["370104100000"])
    author = await make_user("13900000001", Role.RESIDENT, home=village)
    process = await make_process(township, Phase.REVIEWING)
    await make_proposal(process, village, author)
    await make_proposal(process, village, author, title="村西水井")
    await make_opinion(await make_topic(township), author, "建议加装坡道。")

    assert await digest.staff_digest(MORNING) == 1
    message = await Message.get(user_id=busy.id)
    assert message.kind == Kind.STAFF_DIGEST and "2027年3月2日" in message.title
    assert "2 个提案等待审核" in message.body and "1 条征集意见等待反馈" in message.body
    assert "异议" not in message.body  # empty queues are left out
    assert message.link == "/desk/proposals"
    assert not await Message.filter(user_id=idle.id).exists()
    assert await digest.staff_digest(MORNING.replace(hour=9)) == 0  # same day: once
    assert await digest.staff_digest(MORNING + dt.timedelta(days=1)) == 1


async def test_the_jobs_are_registered_with_the_worker() -> None:
    wiring.install()
    assert periodic.JOBS["staff-digest"].cron == "30 8 * * *"
    assert periodic.JOBS["staff-digest"].run is digest.staff_digest
    assert "vote-closing-reminder" in periodic.JOBS
