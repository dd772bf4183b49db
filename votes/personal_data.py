"""Whether (never how) a person voted, for "我的数据": the roster's marks in each box.

Ballots hold no user id, so there is nothing else to give and nothing to erase: on account
deletion the marks stay on the roster entry (one person, one vote, even under a new account)
and the ballots stay exactly as unlinkable as they were.
"""

from __future__ import annotations

from typing import Any

from votes.models import VoterMark


async def mark_rows(user_id: int) -> list[dict[str, Any]]:
    marks = (
        await VoterMark.filter(entry__user_id=user_id)
        .select_related("box__process", "box__area")
        .order_by("id")
    )
    return [
        {"process": m.box.process.name, "area": m.box.area.name, "channel": m.channel}
        for m in marks
    ]
