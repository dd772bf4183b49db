"""What the voters of a process hear: voting opened, the close is near, the result is out.

Each goes to a whole area in one statement (``notify.bulk``), once per process (the dedupe
key), inside the transaction of the phase change that causes it (a ``projects.hooks``
entering hook, wired in ``app.wiring``) — or, for the reminder, of a periodic job.
"""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from core.clock import CHINA, today
from core.formatting import date_cn
from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from notify.bulk import Audience, notify_audience
from notify.kinds import Kind
from notify.services import Note
from notify.wording import stored_language
from projects.hooks import HandOver
from projects.models import Phase, Process
from projects.publicity import window_of
from residents.audience import verified_residents

# A process with headings votes in one box per heading, and only who lives under one of
# them has a box; without headings the whole area votes in one (``eligibility.box_refusal``).
_HAS_A_BOX = """(
    NOT EXISTS (SELECT 1 FROM heading h WHERE h.process_id = $1 AND h.budget_fen > 0)
    OR EXISTS (
        SELECT 1 FROM heading h JOIN area ha ON ha.id = h.area_id
        WHERE h.process_id = $1 AND h.budget_fen > 0 AND who.area_path LIKE ha.path || '%'
    )
)"""
# That, never what: a voter mark in any box of the process, by the person's ID hash, so a
# vote from another roster entry of the same person counts too (one ID, one vote).
_HAS_NOT_VOTED = """NOT EXISTS (
    SELECT 1 FROM voter_mark m JOIN ballot_box b ON b.id = m.box_id
    WHERE b.process_id = $1 AND m.id_hash = who.id_hash
)"""
REMINDER_HOURS = 24


async def _area_path(process: Process) -> str:
    area: Area = await process.area
    return area.path


async def voters(process: Process, day: dt.date | None = None) -> Audience:
    """Who may vote in the process on ``day`` (today): verified residents of its area, of
    age, living under one of its ballot boxes."""
    residents = verified_residents(
        await _area_path(process), min_age=process.min_voter_age, day=day or today()
    )
    return residents.narrowed(_HAS_A_BOX, process.id)


def _closing_text(process: Process) -> str:
    if process.voting_end is None:
        return ""
    return _("投票截止日期：{date}。").format(date=date_cn(process.voting_end))


async def vote_opened(actor: Principal | None, process: Process) -> HandOver | None:
    """Voting opened: every voter of the process hears it (an entering hook of VOTING)."""
    with stored_language():
        note = Note(
            Kind.VOTE_OPENED,
            _("「{name}」开始投票").format(name=process.name),
            _("您所在区域的参与式预算「{name}」已开始投票。").format(name=process.name)
            + _closing_text(process)
            + _("请登录议事平台查看项目并投票。"),
            f"/processes/{process.id}/vote",
        )
    await notify_audience(await voters(process), note, dedupe_key=f"vote-opened:{process.id}")
    return None


def closes_at(process: Process) -> dt.datetime | None:
    """Voting closes at the end of its last day, China time."""
    if process.voting_end is None:
        return None
    return dt.datetime.combine(process.voting_end + dt.timedelta(days=1), dt.time(), CHINA)


def reminder_due(process: Process, moment: dt.datetime) -> bool:
    close = closes_at(process)
    if close is None or process.phase != Phase.VOTING:
        return False
    return close - dt.timedelta(hours=REMINDER_HOURS) <= moment < close


async def closing_reminder(process: Process) -> int:
    """Tell the voters who have not voted yet that the close is near. The wording is the
    same for everyone and says nothing of any ballot, or even that this person has not
    voted: a message may be read over someone's shoulder."""
    with stored_language():
        note = Note(
            Kind.VOTE_CLOSING,
            _("「{name}」投票即将截止").format(name=process.name),
            _("「{name}」的投票将于 {date} 24 时截止。还没有投票的居民，请在截止前投票。").format(
                name=process.name, date=date_cn(process.voting_end)
            ),
            f"/processes/{process.id}/vote",
        )
    audience = (await voters(process)).narrowed(_HAS_NOT_VOTED, process.id)
    return await notify_audience(audience, note, dedupe_key=f"vote-closing:{process.id}")


async def remind_closing(moment: dt.datetime) -> int:
    """The periodic job: every process whose close is less than a day away, once each."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA)
    told = 0
    for process in await Process.filter(phase=Phase.VOTING, voting_end__isnull=False):
        if reminder_due(process, moment):
            async with in_transaction():
                told += await closing_reminder(process)
    return told


async def results_published(actor: Principal | None, process: Process) -> HandOver | None:
    """公示 began: the results and the award list are out, and objections are open. Every
    verified resident of the area hears it (an entering hook of PUBLICITY)."""
    window = await window_of(process)
    with stored_language():
        body = _("「{name}」的计票结果和奖补名单已公布。").format(name=process.name)
        if window is not None:
            body += _("公示期为 {first} 至 {last}，其间可以对结果提出异议。").format(
                first=date_cn(window[0]), last=date_cn(window[1])
            )
        note = Note(
            Kind.RESULTS_PUBLISHED,
            _("「{name}」结果公布，开始公示").format(name=process.name),
            body,
            f"/processes/{process.id}/results",
        )
    audience = verified_residents(await _area_path(process))
    await notify_audience(audience, note, dedupe_key=f"results:{process.id}")
    return None
