"""Letters for tests: people who write and handle them, and letters in any state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from support import make_user

from core import clock
from core.models import Area, Role, User
from letters import calendar, deadlines
from letters.models import Letter, LetterKind

VILLAGE = "370104013201"  # 吴家堡村
NEIGHBOUR = "370104013202"  # 前屯村, the same street
STREET = "370104013000"  # 吴家堡街道
# The smallest PNG Pillow decodes: a photo attachment.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


async def make_writer(area: Area, mobile: str = "13900000001", name: str = "张桂兰") -> User:
    """A resident with a proven phone, as writing a letter requires."""
    user = await make_user(mobile, Role.RESIDENT, home=area, name=name)
    user.mobile_verified_at = clock.now()
    await user.save(update_fields=["mobile_verified_at"])
    return user


async def make_official(area: Area, mobile: str, name: str = "干部") -> User:
    return await make_user(mobile, Role.OFFICIAL, scope=area, home=area, name=name)


async def make_letter(
    writer: User | None,
    area: Area,
    *,
    received: dt.date | None = None,
    kind: LetterKind = LetterKind.HELP,
    **fields: Any,
) -> Letter:
    """A letter received on ``received`` (default today) with its real deadlines."""
    start = received or clock.today()
    dues = calendar.dues_from(start, kind, deadlines.EMPTY)
    values: dict[str, Any] = dict(
        writer=writer,
        area=area,
        kind=kind,
        subject="村东头路灯坏了",
        text="村东头三盏路灯坏了快一个月，请尽快修理。",
        received_on=start,
        accept_due=dues.accept,
        reply_due=dues.reply,
        due_provisional=dues.provisional,
    )
    values.update(fields)
    letter = await Letter.create(**values)
    moment = dt.datetime.combine(start, dt.time(9), tzinfo=clock.CHINA)
    await Letter.filter(id=letter.id).update(created_at=moment)
    return await Letter.get(id=letter.id)
