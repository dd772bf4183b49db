"""A person's objections (异议) in 公示, for "我的数据". On account deletion they stay with
their answers: the public pages never showed the author, only the village."""

from __future__ import annotations

from typing import Any

from accountability.objections.models import Objection


async def objection_rows(user_id: int) -> list[dict[str, Any]]:
    rows = await Objection.filter(author_id=user_id).select_related("process", "proposal")
    return [
        {
            "id": o.id,
            "process": o.process.name,
            "proposal": o.proposal.title if o.proposal else None,
            "reason": o.reason,
            "file": o.original_name,
            "answer": o.answer,
            "created_at": o.created_at,
            "answered_at": o.answered_at,
        }
        for o in sorted(rows, key=lambda o: o.id)
    ]
