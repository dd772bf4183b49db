"""Lookups and labels that every page about a process or proposal needs, in projects and
in the packages above it."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.models import Area
from projects import labels
from projects.models import Process, Proposal


async def process_or_404(request: Request, key: str = "process_id") -> Process:
    process = await Process.get_or_none(id=request.path_params[key]).select_related("area")
    if process is None:
        raise HTTPException(404)
    return process


async def proposal_or_404(request: Request) -> tuple[Proposal, Process, Area]:
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"]).select_related(
        "process", "area", "process__area"
    )
    if proposal is None:
        raise HTTPException(404)
    return proposal, proposal.process, proposal.area


def label_context() -> dict[str, object]:
    return {
        "phase_labels": labels.PHASES,
        "category_labels": labels.CATEGORIES,
        "status_labels": labels.STATUSES,
        "status_word": labels.status_word,
        "method_labels": labels.METHODS,
        "rule_labels": labels.RULES,
        "rule_explained": labels.RULE_EXPLAINED,
        "feasibility_labels": labels.FEASIBILITY,
        "meeting_labels": labels.MEETING_KINDS,
    }
