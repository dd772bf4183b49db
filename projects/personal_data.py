"""A person's proposals and supports (附议), for "我的数据".

On account deletion both stay: proposals are part of a public decision (their author now
shows as the deleted account's "已注销用户"), and supports are counted toward thresholds
that may already have decided a proposal's fate.
"""

from __future__ import annotations

from typing import Any

from core.exports import yuan
from projects import pending
from projects.models import PendingAttachment, Proposal, Support


async def proposal_rows(user_id: int) -> list[dict[str, Any]]:
    rows = await Proposal.filter(author_id=user_id).select_related("process", "area").order_by("id")
    return [
        {
            "id": p.id,
            "process": p.process.name,
            "area": p.area.name,
            "title": p.title,
            "summary": p.summary,
            "status": p.status,
            "total_cost_yuan": yuan(p.total_cost_fen),
            "requested_subsidy_yuan": yuan(p.requested_subsidy_fen),
            "created_at": p.created_at,
        }
        for p in rows
    ]


async def support_rows(user_id: int) -> list[dict[str, Any]]:
    rows = await Support.filter(user_id=user_id).select_related("proposal").order_by("id")
    return [
        {"proposal_id": s.proposal_id, "proposal": s.proposal.title, "at": s.created_at}
        for s in rows
    ]


async def held_file_rows(user_id: int) -> list[dict[str, Any]]:
    """Photos kept from a proposal form that came back with an error (`projects.pending`)."""
    rows = await PendingAttachment.filter(user_id=user_id).order_by("id")
    return [{"file": r.original_name, "size": r.size, "at": r.created_at} for r in rows]


async def held_files_erase(user_id: int) -> None:
    """Leaving removes held files, stored copies included: nothing public points at them."""
    await pending.drop(list(await PendingAttachment.filter(user_id=user_id)))
