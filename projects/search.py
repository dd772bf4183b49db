"""What search finds of proposals and funded projects: any proposal its page shows to
everyone (all but drafts: a rejected or withdrawn one keeps its public page, so search
keeps it too, under its status)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from core.clock import china_date
from core.i18n import N_
from core.search.index import Document, Source, id_batches
from projects.labels import STATUSES
from projects.models import Proposal, ProposalStatus


async def proposal_document(proposal_id: int) -> Document | None:
    proposal = await Proposal.get_or_none(id=proposal_id).select_related("area", "process")
    if proposal is None or proposal.status == ProposalStatus.DRAFT:
        return None
    body = "\n".join(part for part in (proposal.summary, proposal.location, proposal.body) if part)
    return Document(
        url=f"/proposals/{proposal.id}",
        title=proposal.title,
        body=body,
        year=china_date(proposal.process.created_at).year,
        area_path=proposal.area.path,
        area_name=proposal.area.name,
        status=proposal.status.value,
    )


def proposal_ids() -> AsyncIterator[list[int]]:
    return id_batches(Proposal.exclude(status=ProposalStatus.DRAFT))


SOURCE = Source(
    kind="proposal",
    label=N_("提案与项目"),
    document=proposal_document,
    all_ids=proposal_ids,
    statuses={s.value: label for s, label in STATUSES.items() if s != ProposalStatus.DRAFT},
)
