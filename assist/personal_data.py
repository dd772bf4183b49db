"""What 代办 holds about a person: the acts done on their behalf (in 我的数据), and how
leaving erases them (the audit log keeps its own append-only copy for inspectors)."""

from __future__ import annotations

from typing import Any

from assist.models import AssistAct, AssistedContact
from assist.queries import acts_rows


async def assist_rows(user_id: int) -> list[dict[str, Any]]:
    return await acts_rows(user_id)


async def assist_erase(user_id: int) -> None:
    await AssistAct.filter(resident_id=user_id).delete()
    await AssistedContact.filter(resident_id=user_id).delete()
