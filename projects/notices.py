"""What the people of a proposal hear: its author, when officials have reviewed it."""

from __future__ import annotations

from core.i18n import gettext as _
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language
from projects.models import Proposal, ProposalStatus


def proposal_link(proposal: Proposal) -> str:
    return f"/proposals/{proposal.id}"


async def proposal_reviewed(proposal: Proposal, *, reviewer_id: int | None) -> int:
    """The author hears the outcome of the review, with the reason when it was rejected
    (an official who entered a village's proposal and reviewed it himself is not told)."""
    if proposal.author_id == reviewer_id:
        return 0
    with stored_language():
        if proposal.status == ProposalStatus.ACCEPTED:
            title = _("您的提案「{title}」已通过审核").format(title=proposal.title)
            body = _("提案已通过审核，将列入投票。")
        else:
            title = _("您的提案「{title}」未通过审核").format(title=proposal.title)
            body = _("未通过的理由：{reason}").format(reason=proposal.rejection_reason)
        if proposal.official_answer:
            body += "\n" + _("审核意见：{answer}").format(answer=proposal.official_answer)
    note = Note(Kind.PROPOSAL_REVIEWED, title, body, proposal_link(proposal))
    return await notify([proposal.author_id], note)
