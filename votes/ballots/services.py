"""Casting ballots: online by the voter, on paper by an official. One person, one vote.

Uniqueness is held by the database, never by a read-then-write: the voter mark's unique
(box, roster entry) stops a second channel, and the sealed ballot's unique (box, voter key)
stops a second online ballot. Replacing an online ballot is one transaction, which checks
the phase again under its lock. What is written is a sealed ballot (votes.sealing): the
counted ballots appear only when the committee opens the box after the close.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from projects.models import Phase, Process
from residents.models import RosterEntry
from votes.ballots import first_cast, secrecy
from votes.ballots.boxes import ballot_costs, limits_of
from votes.ballots.eligibility import box_refusal_of
from votes.ballots.limits import problems
from votes.models import Ballot, BallotBox, Channel, VoterMark
from votes.sealing import casting, sealed
from votes.sealing.models import Receipt, SealedBallot


class BallotRefused(Refused):
    """The ballot cannot be counted; the message says why, in Chinese."""


async def check_marks(process: Process, box: BallotBox, marks: Mapping[int, int]) -> list[str]:
    """Every rule of the box's method, checked on the server."""
    return problems(limits_of(process, box), marks, await ballot_costs(process, box))


def refusal(phase: Phase, found: list[str]) -> BallotRefused | None:
    """Why a ballot with these problems (`check_marks`) cannot be counted now, if it cannot."""
    if phase != Phase.VOTING:
        return BallotRefused(_("投票尚未开始或已经结束"))
    return BallotRefused("；".join(found)) if found else None


async def _validated(process: Process, box: BallotBox, marks: Mapping[int, int]) -> None:
    refused = refusal(process.phase, await check_marks(process, box, marks))
    if refused:
        raise refused


async def _eligible(entry: RosterEntry, process: Process, box: BallotBox) -> None:
    """`residents.eligibility.box_refusal`: the rule the web's online cast asks too,
    through its standing (`votes.ballots.standing`)."""
    refused = await box_refusal_of(entry, process, box)
    if refused:
        raise BallotRefused(refused)


async def _write(
    box_id: int,
    marks: Mapping[int, int],
    voter_key: str | None,
    receipt: str | None = None,
) -> str:
    """The sealed ballot: nothing of its content is readable until the box is opened."""
    receipt = receipt or secrecy.new_receipt()
    public_key = await casting.public_key_of(box_id)
    if public_key is None:
        raise BallotRefused(casting.no_key_message())
    await SealedBallot.create(
        id=uuid.uuid4(),
        box_id=box_id,
        voter_key=voter_key,
        receipt_hash=secrecy.receipt_hash(receipt),
        sealed=sealed.seal(public_key, marks),
    )
    return receipt


async def _still_voting(box_id: int) -> None:
    """The phase again, under the cast's lock (a ballot never lands after the close)."""
    if await casting.phase_under_lock(box_id) != Phase.VOTING.value:
        raise BallotRefused(_("投票尚未开始或已经结束"))


async def ballot_cast(
    process: Process, box: BallotBox, entry: RosterEntry, marks: Mapping[int, int]
) -> str:
    """Cast (or replace) the voter's online ballot; returns the new receipt code."""
    await _validated(process, box, marks)
    return await _cast(box.id, entry.id, marks)


async def _cast(box_id: int, entry_id: int, marks: Mapping[int, int]) -> str:
    receipt = secrecy.new_receipt()
    public_key = await casting.public_key_of(box_id)
    if (
        public_key is not None
        and first_cast.available()
        and await first_cast.first_casts(
            [first_ballot(box_id, entry_id, marks, receipt, public_key)]
        )
    ):
        return receipt
    return await replace_cast(box_id, entry_id, marks, receipt)


def first_ballot(
    box_id: int, entry_id: int, marks: Mapping[int, int], receipt: str, public_key: bytes
) -> first_cast.FirstCast:
    """What `first_cast` writes if this is the voter's first ballot in the box."""
    return first_cast.FirstCast(
        box_id=box_id,
        entry_id=entry_id,
        voter_key=secrecy.voter_key(box_id, entry_id),
        receipt_hash=secrecy.receipt_hash(receipt),
        sealed=sealed.seal(public_key, marks),
    )


async def replace_cast(box_id: int, entry_id: int, marks: Mapping[int, int], receipt: str) -> str:
    """The general path: a first ballot on SQLite, or one that replaces the voter's last
    (refused if their paper ballot was entered, or once voting has closed)."""
    key = secrecy.voter_key(box_id, entry_id)
    async with in_transaction():
        [id_hash] = await RosterEntry.filter(id=entry_id).values_list("id_hash", flat=True)
        await VoterMark.bulk_create(
            [VoterMark(box_id=box_id, entry_id=entry_id, id_hash=id_hash, channel=Channel.ONLINE)],
            ignore_conflicts=True,
        )
        # The row lock serialises one voter's concurrent casts: the last one stands. The
        # mark is the person's (their ID hash), whichever roster entry made it.
        mark = await VoterMark.select_for_update().get(box_id=box_id, id_hash=id_hash)
        if mark.channel == Channel.PAPER:
            raise BallotRefused(_("您的纸质选票已由工作人员录入，不能再在网上投票"))
        if mark.entry_id != entry_id:
            raise BallotRefused(_("这个身份证号已经在本投票箱投过票（通过另一份名册）"))
        await _still_voting(box_id)
        await SealedBallot.filter(box_id=box_id, voter_key=key).delete()
        await _write(box_id, marks, key, receipt)
        await RosterEntry.filter(id=entry_id).update(voted=True)
    return receipt


async def paper_ballot_enter(
    actor: Principal, process: Process, box: BallotBox, entry: RosterEntry, marks: Mapping[int, int]
) -> str:
    """An official enters one paper ballot; refused if the person voted in any channel, or
    does not vote in this box (the same rules as an online ballot). Sealed like an online
    ballot; the audit entry says a paper ballot was entered in the box, never for whom nor
    what it says."""
    await _validated(process, box, marks)
    await _eligible(entry, process, box)
    try:
        async with in_transaction():
            await VoterMark.create(
                box=box, entry=entry, id_hash=entry.id_hash, channel=Channel.PAPER
            )
            await _still_voting(box.id)
            receipt = await _write(box.id, marks, None)
            await RosterEntry.filter(id=entry.id).update(voted=True)
            await audit.record(
                actor,
                "ballot.paper",
                ("ballot_box", box.id),
                "录入纸质选票",
                after={"box": box.key},
            )
    except IntegrityError as exc:
        raise BallotRefused(_("此人已经投过票（网上或纸质），不能重复录入")) from exc
    return receipt


async def has_voted(box_id: int, entry_id: int) -> Channel | None:
    """How this entry's person voted in the box, through this or any other roster entry."""
    person = RosterEntry.filter(id=entry_id).values("id_hash")
    mark = await VoterMark.get_or_none(box_id=box_id, id_hash__in=Subquery(person))
    return mark.channel if mark else None


async def receipt_status(code: str) -> ReceiptStatus | None:
    """What is known of a receipt code: counted (the box was opened), received (sealed,
    to be counted at the opening), or nothing (replaced ballots are gone)."""
    if len(secrecy.normalise_receipt(code)) != secrecy.RECEIPT_LENGTH:
        return None
    digest = secrecy.receipt_hash(code)
    receipt = await Receipt.get_or_none(receipt_hash=digest).select_related("box__process")
    if receipt is not None:
        return ReceiptStatus(receipt.box.process, counted=True)
    held = await SealedBallot.get_or_none(receipt_hash=digest).select_related("box__process")
    if held is not None:
        return ReceiptStatus(held.box.process, counted=False)
    imported = await Ballot.get_or_none(receipt_hash=digest).select_related("box__process")
    return ReceiptStatus(imported.box.process, counted=True) if imported else None


@dataclass(frozen=True)
class ReceiptStatus:
    process: Process
    counted: bool  # False: received and sealed, counted when the box is opened
