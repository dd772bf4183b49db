"""The election key (选举密钥): made when voting opens, split among the committee.

The private key lives only in this function's memory: split into shares (2 of 3 by
default), handed to the admin who opened voting on a page shown once, and dropped. Only
the public key is stored. Nothing about the shares is logged or audited.
"""

from __future__ import annotations

from nacl.public import PrivateKey

from core import audit
from core.i18n import gettext as _
from core.principal import Principal
from projects.hooks import HandOver
from projects.models import Process
from votes.sealing import shamir
from votes.sealing.models import ElectionKey

SHARES_NEEDED = 2  # k: committee members needed to open the ballots
SHARES_MADE = 3  # n: committee members (选举委员会) holding a share


class KeyRefused(Exception):
    """The process's key cannot be made; the message says why, in Chinese."""


async def election_key_create(
    actor: Principal | None, process: Process, k: int = SHARES_NEEDED, n: int = SHARES_MADE
) -> list[str]:
    """Make the process's election key pair; store the public key; return the shares' text.
    Call inside the transaction that opens voting."""
    if await ElectionKey.exists(process_id=process.id):
        raise KeyRefused(_("这个批次已经有选举密钥"))
    private = PrivateKey.generate()
    public = bytes(private.public_key)
    shares = shamir.split(bytes(private), k, n, shamir.fingerprint_of(public))
    del private
    await ElectionKey.create(process=process, public_key=public, shares_needed=k, shares_made=n)
    await audit.record(
        actor,
        "ballot.key",
        ("process", process.id),
        f"生成选举密钥（{k}/{n}）：{process.name}",
        after={
            "shares_needed": k,
            "shares_made": n,
            "fingerprint": shamir.fingerprint_of(public).hex(),
        },
    )
    return [shamir.share_text(share) for share in shares]


async def hand_over_shares(actor: Principal | None, process: Process) -> HandOver:
    """The phase hook of voting: make the key, show its shares once to who opened voting."""
    shares = await election_key_create(actor, process)
    return HandOver(
        "votes/election_shares.html",
        {"process": process, "shares": shares, "needed": SHARES_NEEDED},
    )
