"""What the mailbox holds about a person, as rows for "我的数据", and its erasure."""

from __future__ import annotations

from core.personal_data import Row
from letters import queries, services


async def letter_rows(user_id: int) -> list[Row]:
    """One row per letter; its files and replies folded into text (a sheet has no lists)."""
    found = await queries.personal_data(user_id)
    return [
        row
        | {
            "files": "、".join(row["files"]),
            "replies": "\n".join(f"{r['at']} {r['office']}：{r['text']}" for r in row["replies"]),
        }
        for row in found["letters"]
    ]


async def letters_erase(user_id: int) -> None:
    await services.erase_writer(user_id)
