"""待我处理: what awaits the signed-in person on the home page — verify, vote, look at a
result in publicity; for staff, the queues that wait on them."""

from __future__ import annotations

from dataclasses import dataclass

from accountability.implementation.models import Spend
from accountability.objections.queries import desk_list
from core.i18n import gettext as _
from core.models import Role
from core.principal import Principal
from projects.models import Phase, Process
from projects.queries import review_queue
from residents.eligibility import verified_entry
from votes.models import VoterMark


@dataclass(frozen=True)
class Task:
    text: str
    href: str
    action: str


async def tasks_for(user: Principal) -> list[Task]:
    tasks: list[Task] = []
    if user.has(Role.RESIDENT):
        tasks += await _resident(user)
    if user.has(Role.OFFICIAL, Role.ADMIN):
        tasks += await _official(user)
    if user.has(Role.FINANCE, Role.ADMIN):
        tasks += await _finance()
    return tasks


async def _resident(user: Principal) -> list[Task]:
    entry = await verified_entry(user.id)
    if entry is None:
        return [Task(_("完成居民核验后才能附议、评论和投票。"), "/verify", _("去核验"))]
    tasks = []
    # One query for every box this person has voted in, not one per open process.
    voted = set(await VoterMark.filter(entry=entry).values_list("box__process_id", flat=True))
    for process in (
        await Process.filter(phase__in=[Phase.VOTING, Phase.PUBLICITY])
        .select_related("area")
        .order_by("-id")
    ):
        if not entry.area.path.startswith(process.area.path):
            continue
        if process.phase == Phase.PUBLICITY:
            tasks.append(
                Task(
                    _("「{name}」正在公示，可以查看奖补名单、提出异议。").format(name=process.name),
                    f"/processes/{process.id}/objections",
                    _("查看"),
                )
            )
        elif process.id not in voted:
            tasks.append(
                Task(
                    _("「{name}」正在投票，您还没有投票。").format(name=process.name),
                    f"/processes/{process.id}/vote",
                    _("去投票"),
                )
            )
    return tasks


async def _official(user: Principal) -> list[Task]:
    tasks = []
    waiting = len(await review_queue(user, "submitted"))
    if waiting:
        tasks.append(
            Task(_("{n} 个提案等待审核。").format(n=waiting), "/desk/proposals", _("去审核"))
        )
    objections = await desk_list(user, open_only=True)
    if objections:
        tasks.append(
            Task(
                _("{n} 条异议等待答复。").format(n=len(objections)), "/desk/objections", _("去答复")
            )
        )
    return tasks


async def _finance() -> list[Task]:
    waiting = await Spend.filter(confirmed_at__isnull=True).count()
    if not waiting:
        return []
    return [Task(_("{n} 笔实施支出等待财政确认。").format(n=waiting), "/finance", _("去确认"))]
