"""What the people behind a funded project hear as it is built: who proposed it and who
supported it (附议) are told of each milestone (开工, 进度, 完工, 验收) and each spend."""

from __future__ import annotations

from accountability.implementation.labels import MILESTONE_KINDS
from accountability.implementation.models import Milestone, MilestoneKind, Spend
from core.formatting import date_cn, yuan
from core.i18n import gettext as _
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language
from projects.models import Proposal, Support
from projects.notices import proposal_link


async def backers(proposal: Proposal) -> set[int]:
    """The proposer and every supporter of the proposal."""
    supporters = await Support.filter(proposal_id=proposal.id).values("user_id")
    return {proposal.author_id, *(row["user_id"] for row in supporters)}


async def _tell(proposal: Proposal, title: str, body: str, actor_id: int | None) -> int:
    people = await backers(proposal) - {actor_id}
    note = Note(Kind.PROJECT_PROGRESS, title, body, proposal_link(proposal))
    return await notify(people, note)


async def milestone_recorded(proposal: Proposal, milestone: Milestone, actor_id: int | None) -> int:
    with stored_language():
        step = _(MILESTONE_KINDS[milestone.kind])
        if milestone.kind == MilestoneKind.ACCEPT:
            title = _("您提出或附议的项目「{title}」已通过验收").format(title=proposal.title)
        else:
            title = _("您提出或附议的项目「{title}」有新进展：{step}").format(
                title=proposal.title, step=step
            )
        body = _("{date}，{step}，进度 {pct}％。").format(
            date=date_cn(milestone.happened_on), step=step, pct=milestone.progress_pct
        )
        if milestone.note:
            body += "\n" + milestone.note
    return await _tell(proposal, title, body, actor_id)


async def spend_recorded(proposal: Proposal, spend: Spend, actor_id: int | None) -> int:
    with stored_language():
        title = _("您提出或附议的项目「{title}」登记了一笔支出").format(title=proposal.title)
        body = _("{date}支出 {amount}：{purpose}").format(
            date=date_cn(spend.spent_on), amount=yuan(spend.amount_fen), purpose=spend.purpose
        )
    return await _tell(proposal, title, body, actor_id)
