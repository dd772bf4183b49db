"""Election keys for test processes: the shares a committee would hold, kept by the test.

A process created directly in the voting phase (as the factories do) gets its key here,
as the phase change would make it; `open_sealed` plays the committee after the close.
"""

from __future__ import annotations

from projects.models import Process
from votes.sealing import keys, opening, sealed
from votes.sealing.models import ElectionKey, SealedBallot

_shares: dict[int, list[str]] = {}


async def seal_process(process: Process) -> list[str]:
    shares = await keys.election_key_create(None, process)
    _shares[process.id] = shares
    return shares


def shares_of(process: Process) -> list[str]:
    return _shares[process.id]


async def open_sealed(process: Process) -> int:
    """Open the process's sealed ballots with two of its three shares (if it has a key)."""
    if not await ElectionKey.exists(process_id=process.id, opened=False):
        return 0
    return await opening.ballots_open(None, process, _shares[process.id][1:])


async def sealed_contents(process: Process, box_id: int) -> dict[str | None, dict[int, int]]:
    """What the box's sealed ballots say, by voter key (paper: the key None, the last one),
    read with the test's shares without opening the box."""
    key = await ElectionKey.get(process_id=process.id)
    private = opening.private_key_from(_shares[process.id][:2], key)
    rows = await SealedBallot.filter(box_id=box_id).values_list("voter_key", "sealed")
    return {voter_key: sealed.unseal(private, bytes(s)) for voter_key, s in rows}
