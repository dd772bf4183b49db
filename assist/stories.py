"""The "由 X 代办" line of a proposal (a ``projects.hooks`` storyteller) and of a letter (a
``letters.hooks`` remark)."""

from __future__ import annotations

from typing import Any

from assist.queries import assisted_by
from core.i18n import gettext as _
from projects.models import Process, Proposal


async def proposal_assisted_by(proposal: Proposal, process: Process) -> dict[str, Any]:
    return {"assisted_by": await assisted_by("proposal", proposal.id)}


async def letter_assisted_by(letter_id: int) -> list[str]:
    official = await assisted_by("letter", letter_id)
    if official is None:
        return []
    return [_("由 {official} 代办（居民本人来信，工作人员代写）").format(official=official)]
