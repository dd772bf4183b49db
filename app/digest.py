"""工作日报: each morning an official hears what waits in their queues, in one message.

Nothing is sent to an official whose queues are all empty; the day is the dedupe key, so a
job run twice (two workers, a restart) tells no one twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accountability.objections.queries import desk_list
from comments.queries import pending_count
from consult.models import Topic, TopicStatus
from consult.permissions import topic_scope
from consult.queries import awaiting_feedback
from core.clock import CHINA
from core.formatting import date_cn
from core.i18n import gettext as _
from core.models import Role, RoleGrant
from core.principal import Principal, load_principal
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language
from projects.models import Phase, Process
from projects.queries import review_queue

CRON = "30 8 * * *"  # 08:30 China time, when the office opens


@dataclass(frozen=True)
class Queue:
    count: int
    text: str  # with {n}
    link: str


async def _voting_here(user: Principal) -> int:
    """Processes voting over the official's areas: paper ballots may wait to be entered."""
    voting = await Process.filter(phase=Phase.VOTING).select_related("area")
    return sum(
        1
        for p in voting
        if user.governs(p.area.path) or any(x.startswith(p.area.path) for x in user.official_paths)
    )


async def _opinions(user: Principal) -> int:
    topics = await Topic.filter(topic_scope(user)).exclude(status=TopicStatus.DRAFT)
    return sum((await awaiting_feedback([t.id for t in topics])).values())


async def queues(user: Principal) -> list[Queue]:
    """What waits on this official, queue by queue (empty ones left out)."""
    found = [
        Queue(
            len(await review_queue(user, "submitted")), _("{n} 个提案等待审核"), "/desk/proposals"
        ),
        Queue(await pending_count(user), _("{n} 条被举报的评论等待处理"), "/desk/comments"),
        Queue(
            len(await desk_list(user, open_only=True)), _("{n} 条异议等待答复"), "/desk/objections"
        ),
        Queue(await _opinions(user), _("{n} 条征集意见等待反馈"), "/desk/consult"),
        Queue(await _voting_here(user), _("{n} 个批次正在投票，可录入纸质选票"), "/desk/paper"),
    ]
    return [q for q in found if q.count]


async def digest_for(user: Principal, day: dt.date) -> int:
    with stored_language():
        waiting = await queues(user)
        if not waiting:
            return 0
        note = Note(
            Kind.STAFF_DIGEST,
            _("{date}工作日报：{n} 项待办").format(date=date_cn(day), n=len(waiting)),
            "\n".join(q.text.format(n=q.count) for q in waiting),
            waiting[0].link,
        )
    return await notify([user.id], note, dedupe_key=f"digest:{day.isoformat()}")


async def staff_digest(moment: dt.datetime) -> int:
    """The periodic job: one message per official with anything waiting."""
    day = (moment if moment.tzinfo else moment.replace(tzinfo=CHINA)).astimezone(CHINA).date()
    officials = await RoleGrant.filter(role=Role.OFFICIAL).values("user_id")
    told = 0
    for user_id in sorted({row["user_id"] for row in officials}):
        user = await load_principal(user_id)
        if user is not None:
            told += await digest_for(user, day)
    return told
