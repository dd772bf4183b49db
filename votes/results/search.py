"""What search finds of results (投票结果): a process's result page, once the embargo is over
(voting closed: ``projects.rules.results_public``), with the projects it funded. Before
that the process's result is not in the index at all, so nothing about the count leaks
through search either."""

from __future__ import annotations

from collections.abc import AsyncIterator

from core.clock import china_date
from core.i18n import N_
from core.search.index import Document, Source, id_batches
from projects.labels import PHASES
from projects.models import Phase, Process, Proposal, ProposalStatus
from projects.rules import ORDER, results_public

FUNDED = (ProposalStatus.FUNDED, ProposalStatus.IMPLEMENTING, ProposalStatus.COMPLETED)


async def result_document(process_id: int) -> Document | None:
    process = await Process.get_or_none(id=process_id).select_related("area")
    if process is None or not results_public(process):
        return None
    funded = await Proposal.filter(process_id=process.id, status__in=FUNDED).order_by("id")
    titles = "、".join(p.title for p in funded)
    # The index holds text in the source language, whoever's request wrote it.
    body = [process.description, f"立项项目：{titles}" if titles else ""]
    return Document(
        url=f"/processes/{process.id}/results",
        title=f"{process.name} · 投票结果",
        body="\n".join(part for part in body if part),
        year=china_date(process.created_at).year,
        area_path=process.area.path,
        area_name=process.area.name,
        status=process.phase.value,
    )


def result_ids() -> AsyncIterator[list[int]]:
    counted = ORDER[ORDER.index(Phase.TALLYING) :]
    return id_batches(Process.filter(phase__in=counted))


SOURCE = Source(
    kind="result",
    label=N_("投票结果"),
    document=result_document,
    all_ids=result_ids,
    statuses={p.value: PHASES[p] for p in ORDER[ORDER.index(Phase.TALLYING) :]},
)
