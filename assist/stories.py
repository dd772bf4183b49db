"""The proposal page's "由 X 代办" line (a ``projects.hooks`` storyteller)."""

from __future__ import annotations

from typing import Any

from assist.queries import assisted_by
from projects.models import Process, Proposal


async def proposal_assisted_by(proposal: Proposal, process: Process) -> dict[str, Any]:
    return {"assisted_by": await assisted_by("proposal", proposal.id)}
