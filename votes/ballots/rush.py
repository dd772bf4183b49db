"""The evening rush (投票高峰): casts that arrive together share their database work.

A village votes in one evening, from phones, all at once. Each cast needs two statements:
who is casting (their standing before the box) and, if the ballot passes the rules, its
write. On PostgreSQL the casts waiting in one app process go together: one query for all
their standings and one statement for all their first ballots (`first_cast`), instead of
two round trips each. Nothing waits for a timer: the casts that arrive while one batch is
at the database form the next, so a lone voter's cast goes at once. Each request is
answered only after the statement holding its ballot has committed.

On SQLite (development) each cast goes alone, through the same decisions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from weakref import WeakKeyDictionary

from core.clock import today
from core.outage import is_unavailable
from votes.ballots import first_cast, secrecy, services
from votes.ballots.limits import problems
from votes.ballots.standing import Standing, standing, standings
from votes.sealing import casting

BATCH_AT_MOST = 100


class Outcome(StrEnum):
    NOT_A_VOTER = "not_a_voter"  # no such box, a session ended, or not a voter in this box
    REFUSED = "refused"  # the ballot breaks the box's rules, or voting is not open
    CAST = "cast"  # written: the receipt is the voter's
    NOT_FIRST = "not_first"  # the voter already holds a ballot here: `services.replace_cast`


@dataclass(frozen=True)
class Cast:
    """One person's cast, as the request brought it."""

    box_id: int
    user_id: int
    session_version: int  # the version their session was issued for
    marks: Mapping[int, int]


@dataclass(frozen=True)
class Done:
    outcome: Outcome
    standing: Standing | None
    receipt: str | None = None
    refused: services.BallotRefused | None = None


async def cast(asked: Cast) -> Done:
    if not first_cast.available():
        return await _alone(asked)
    return await _rush_of(asyncio.get_running_loop()).join(asked)


def _judge(asked: Cast, found: Standing | None) -> Done | None:
    """The answer for a cast that will not be written; None for one that may be."""
    if found is None or found.session_version != asked.session_version or not found.may_vote():
        return Done(Outcome.NOT_A_VOTER, found)
    refused = services.refusal(found.phase, problems(found.limits, asked.marks, found.costs))
    return Done(Outcome.REFUSED, found, refused=refused) if refused else None


async def _alone(asked: Cast) -> Done:
    found = await standing(asked.box_id, asked.user_id, today())
    judged = _judge(asked, found)
    if judged is not None:
        return judged
    assert found is not None and found.entry_id is not None
    receipt = secrecy.new_receipt()
    try:
        await services.replace_cast(asked.box_id, found.entry_id, asked.marks, receipt)
    except services.BallotRefused as exc:
        return Done(Outcome.REFUSED, found, refused=exc)
    return Done(Outcome.CAST, found, receipt=receipt)


class _Rush:
    """The casts waiting in one event loop, and the task that takes them to the database."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Cast, asyncio.Future[Done]]] = []
        self.carrier: asyncio.Task[None] | None = None

    async def join(self, asked: Cast) -> Done:
        answer: asyncio.Future[Done] = asyncio.get_running_loop().create_future()
        self.waiting.append((asked, answer))
        if self.carrier is None or self.carrier.done():
            self.carrier = asyncio.create_task(self._carry())
        return await answer

    async def _carry(self) -> None:
        while self.waiting:
            batch = self.waiting[:BATCH_AT_MOST]
            del self.waiting[:BATCH_AT_MOST]
            try:
                answers = await _decide([asked for asked, _answer in batch])
            except Exception as exc:  # the database is down, say: every cast hears it
                for _asked, answer in batch:
                    if not answer.done():
                        answer.set_exception(exc)
                continue
            for (_asked, answer), done in zip(batch, answers, strict=True):
                if not answer.done():  # its request may have gone (the client left)
                    answer.set_result(done)


_rushes: WeakKeyDictionary[asyncio.AbstractEventLoop, _Rush] = WeakKeyDictionary()


def _rush_of(loop: asyncio.AbstractEventLoop) -> _Rush:
    rush = _rushes.get(loop)
    if rush is None:
        rush = _rushes[loop] = _Rush()
    return rush


async def _decide(batch: list[Cast]) -> list[Done]:
    day = today()
    found = await standings([(asked.box_id, asked.user_id) for asked in batch], day)
    answers = [_judge(asked, f) for asked, f in zip(batch, found, strict=True)]
    for n, f in enumerate(found):
        if answers[n] is None and f is not None and f.public_key is None:
            no_key = services.BallotRefused(casting.no_key_message())
            answers[n] = Done(Outcome.REFUSED, f, refused=no_key)
    ballots = _ballots(batch, found, answers)
    written = await _write([ballot for _receipt, ballot in ballots.values()])
    for n, (receipt, ballot) in ballots.items():
        answers[n] = (
            Done(Outcome.CAST, found[n], receipt=receipt)
            if ballot.ballot_id in written
            else Done(Outcome.NOT_FIRST, found[n])
        )
    return [_answered(done) for done in answers]


def _ballots(
    batch: list[Cast], found: list[Standing | None], answers: list[Done | None]
) -> dict[int, tuple[str, first_cast.FirstCast]]:
    """The ballots to write, by position in the batch, each with its receipt code. The same
    voter twice in one batch goes once; the other cast takes the general path, which puts
    one voter's casts in order."""
    ballots: dict[int, tuple[str, first_cast.FirstCast]] = {}
    voters: set[tuple[int, int]] = set()
    for n, (asked, f) in enumerate(zip(batch, found, strict=True)):
        if answers[n] is not None or f is None or f.entry_id is None:
            continue
        if (asked.box_id, f.entry_id) in voters:
            answers[n] = Done(Outcome.NOT_FIRST, f)
            continue
        voters.add((asked.box_id, f.entry_id))
        receipt = secrecy.new_receipt()
        key = f.public_key
        assert key is not None  # a box without a key was refused above
        ballots[n] = (
            receipt,
            services.first_ballot(asked.box_id, f.entry_id, asked.marks, receipt, key),
        )
    return ballots


def _answered(done: Done | None) -> Done:
    assert done is not None, "every cast in a batch gets an answer"
    return done


async def _write(ballots: list[first_cast.FirstCast]) -> set[object]:
    if not ballots:
        return set()
    try:
        return set(await first_cast.first_casts(ballots))
    except Exception as exc:
        if is_unavailable(exc) or len(ballots) == 1:
            raise
    # One bad ballot must not sink the others: each goes alone; a failing one is not
    # written and its voter takes the general path, which reports the failure to them.
    written: set[object] = set()
    for ballot in ballots:
        try:
            written |= await first_cast.first_casts([ballot])
        except Exception as exc:
            if is_unavailable(exc):
                raise
    return written
