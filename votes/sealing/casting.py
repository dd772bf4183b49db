"""What casting needs from the sealing: the box's public key, and the phase under a lock.

(The evening rush reads the key with the voter's standing, in the same query.)
"""

from __future__ import annotations

from tortoise import connections

from core import sql
from core.i18n import gettext as _

_KEY = """
SELECT k.public_key FROM ballot_box b JOIN election_key k ON k.process_id = b.process_id
WHERE b.id = $1
"""

# Inside the cast's transaction: the process row is share-locked, so the close (which
# updates it under FOR UPDATE) waits for this cast, or this cast sees the close.
_PHASE_LOCKED = """
SELECT p.phase FROM ballot_box b JOIN process p ON p.id = b.process_id WHERE b.id = $1
FOR SHARE OF p
"""
_PHASE = "SELECT p.phase FROM ballot_box b JOIN process p ON p.id = b.process_id WHERE b.id = $1"


def no_key_message() -> str:
    return _("这个批次没有选举密钥，不能投票，请联系管理员")


async def public_key_of(box_id: int) -> bytes | None:
    """The election public key of the box's process; None if it has none."""
    rows = await sql.fetch(_KEY, box_id)
    return bytes(rows[0]["public_key"]) if rows else None


async def phase_under_lock(box_id: int) -> str | None:
    """The box's process phase, read inside the caller's transaction so that a phase change
    cannot commit between this read and the caller's commit (SQLite serialises writers:
    call it after the transaction's first write)."""
    dialect = connections.get("default").capabilities.dialect
    rows = await sql.fetch(_PHASE_LOCKED if dialect == "postgres" else _PHASE, box_id)
    return str(rows[0]["phase"]) if rows else None
