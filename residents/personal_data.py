"""What the roster holds about an account holder, and what leaving Yishi does to it.

The roster entry itself is the village's record (名册), not the person's account: deleting
the account only unlinks it. The entry keeps its ``voted`` mark and its ID hash, so the same
person cannot vote again in that process under a new account.
"""

from __future__ import annotations

from typing import Any

from residents.models import RosterEntry


async def roster_rows(user_id: int) -> list[dict[str, Any]]:
    entries = await RosterEntry.filter(user_id=user_id).select_related("area")
    return [
        {
            "area": entry.area.name,
            "roster_name": entry.name,
            "birth_date": entry.birth_date,
            "sex": entry.sex,  # read from the ID number at import: held, so shown
            "verification": entry.verification,
            "verified_at": entry.verified_at,
        }
        for entry in entries
    ]


async def roster_unlink(user_id: int) -> None:
    await RosterEntry.filter(user_id=user_id).update(
        user_id=None, verification=None, verified_at=None, verified_by_id=None
    )
