"""开箱: the committee's shares open a process's sealed ballots, after the close.

The private key is rebuilt in memory only, checked against the stored public key, used to
open every sealed ballot of the process, and dropped. In one transaction the ballots go
into the counted tables in a random order (a cryptographic shuffle) with random ids and
nothing else — no voter key, receipt, channel or date — so that the counted rows share one
transaction and their order, ids and positions say nothing about who cast them or when;
the receipts go into their own table in hash order; the sealed rows are deleted.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence

from nacl.public import PrivateKey
from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.principal import Principal
from projects.models import Phase, Process
from projects.rules import ORDER
from votes.ballots.boxes import boxes_of
from votes.models import Ballot, BallotMark
from votes.pbio import bulk
from votes.sealing import sealed, shamir
from votes.sealing.models import ElectionKey, Receipt, SealedBallot


class OpeningRefused(Exception):
    """The ballots cannot be opened; the message says why, in Chinese."""


async def unopened_refusal(process: Process) -> str | None:
    """Why the process's ballots cannot be counted yet: sealed ballots still unopened."""
    if await ElectionKey.exists(process_id=process.id, opened=False):
        return _("选票还没有开箱：请选举委员会在“开箱”页面输入密钥片段后再计票")
    return None


def private_key_from(texts: Sequence[str], key: ElectionKey) -> PrivateKey:
    """The election's private key from the shares typed in; OpeningRefused says what is
    wrong with which share."""
    shares = []
    fingerprint = shamir.fingerprint_of(bytes(key.public_key))
    for n, text in enumerate(texts, start=1):
        if not text.strip():
            continue
        try:
            share = shamir.share_from_text(text)
        except shamir.ShareError as exc:
            raise OpeningRefused(_("第 {n} 份密钥片段：{why}").format(n=n, why=exc)) from exc
        if share.fingerprint != fingerprint:
            raise OpeningRefused(_("第 {n} 份密钥片段不属于这个批次的选举").format(n=n))
        shares.append(share)
    try:
        secret = shamir.combine(shares)
    except shamir.ShareError as exc:
        raise OpeningRefused(str(exc)) from exc
    if len(secret) != len(bytes(key.public_key)):
        raise OpeningRefused(_("密钥片段组合不出这个批次的选举密钥，请检查是否抄错"))
    private = PrivateKey(secret)
    if bytes(private.public_key) != bytes(key.public_key):
        raise OpeningRefused(_("密钥片段组合不出这个批次的选举密钥，请检查是否抄错"))
    return private


async def ballots_open(actor: Principal | None, process: Process, texts: Sequence[str]) -> int:
    """Open every sealed ballot of the process; the number of ballots counted."""
    if ORDER.index(process.phase) < ORDER.index(Phase.TALLYING):
        raise OpeningRefused(_("投票截止后才能开箱"))
    key = await ElectionKey.get_or_none(process_id=process.id)
    if key is None:
        raise OpeningRefused(_("这个批次没有密封的选票"))
    if key.opened:
        raise OpeningRefused(_("这个批次的选票已经开箱"))
    private = private_key_from(texts, key)
    boxes = [box.id for box in await boxes_of(process)]
    async with in_transaction() as connection:
        locked = await ElectionKey.select_for_update().get(id=key.id)
        if locked.opened:
            raise OpeningRefused(_("这个批次的选票已经开箱"))
        rows = await SealedBallot.filter(box_id__in=boxes).values_list(
            "box_id", "receipt_hash", "sealed"
        )
        try:
            contents = [(box_id, sealed.unseal(private, bytes(s))) for box_id, _r, s in rows]
        except sealed.UnsealError as exc:
            raise OpeningRefused(_("有选票无法用这把密钥打开，开箱已取消")) from exc
        del private
        random.SystemRandom().shuffle(contents)
        ballots = [(uuid.uuid4(), box_id, marks) for box_id, marks in contents]
        await bulk.insert(
            connection, Ballot, ("id", "box_id"), [(b, box) for b, box, _m in ballots]
        )
        await bulk.insert(
            connection,
            BallotMark,
            ("ballot_id", "proposal_id", "value"),
            [(b, p, v) for b, _box, marks in ballots for p, v in sorted(marks.items())],
        )
        await bulk.insert(
            connection,
            Receipt,
            ("receipt_hash", "box_id"),
            sorted((r, box_id) for box_id, r, _s in rows),
        )
        await SealedBallot.filter(box_id__in=boxes).delete()
        locked.opened = True
        await locked.save(update_fields=["opened"])
        await audit.record(
            actor,
            "ballot.open",
            ("process", process.id),
            f"开箱：{process.name}",
            after={"ballots": len(ballots)},
        )
    return len(ballots)
