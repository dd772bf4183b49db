"""Demo election keys: made for the demo's voting processes, with their shares kept in this
process's memory so the demo can open the 一事一议 round itself after its close. The shares
of the vote left open are printed with the demo's accounts, for trying the opening page
(开箱); a real district never sees its shares anywhere but on the page shown once."""

from __future__ import annotations

from projects.models import Phase, Process
from votes.sealing import keys, opening
from votes.sealing.models import ElectionKey

_shares: dict[int, list[str]] = {}


async def load() -> list[str]:
    lines = []
    for process in await Process.filter(phase=Phase.VOTING).order_by("id"):
        if await ElectionKey.exists(process_id=process.id):
            continue
        _shares[process.id] = await keys.election_key_create(None, process)
        lines.append(
            f"选举密钥片段（{process.name}，任意 {keys.SHARES_NEEDED} 份可开箱）："
            + "  ".join(_shares[process.id])
        )
    return lines


async def open_for_demo(process: Process) -> int:
    if not await ElectionKey.exists(process_id=process.id, opened=False):
        return 0
    return await opening.ballots_open(None, process, _shares[process.id])
