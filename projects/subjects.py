"""Proposals as subjects of the shared comment system (projects/comments)."""

from __future__ import annotations

from comments.subjects import CommentNote, Subject, register
from core.i18n import gettext as _
from projects.models import Phase, Proposal, ProposalStatus

# Residents discuss a proposal from submission until the result's public notice ends.
OPEN_PHASES = (Phase.COLLECTING, Phase.REVIEWING, Phase.VOTING, Phase.TALLYING, Phase.PUBLICITY)
CLOSED_STATUSES = (ProposalStatus.WITHDRAWN,)


def proposal_subject(proposal: Proposal) -> Subject:
    """Needs `proposal.area` and `proposal.process` loaded."""
    is_open = proposal.process.phase in OPEN_PHASES and proposal.status not in CLOSED_STATUSES
    return Subject(
        type="proposal",
        id=proposal.id,
        title=proposal.title,
        url=f"/proposals/{proposal.id}",
        area_id=proposal.area.id,
        area_path=proposal.area.path,
        is_open=is_open,
        closed_notice="" if is_open else _("本提案的讨论已结束。"),
    )


class ProposalSubjects:
    async def load(self, subject_id: int) -> Subject | None:
        proposal = await Proposal.get_or_none(id=subject_id).select_related("area", "process")
        if proposal is None or proposal.status == ProposalStatus.DRAFT:
            return None
        return proposal_subject(proposal)

    async def notes(self, comment_ids: list[int]) -> dict[int, CommentNote]:
        return {}


register("proposal", ProposalSubjects())
