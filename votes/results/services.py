"""Running the tally (计票): an audited staff action that stores immutable snapshots."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core import audit, generations
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from projects.models import Phase, Process, Proposal, ProposalStatus
from votes.ballots.boxes import ON_BALLOT, boxes_of
from votes.models import Award, BallotBox, TallyInputKey, TallySnapshot
from votes.pbio.election import BoxElection, box_election, box_terms
from votes.results.turnout import turnouts
from votes.rules import VERSIONS, tally
from votes.rules.fingerprint import terms_hash
from votes.rules.result import TallyResult, describe_tie_break
from votes.sealing import opening


class TallyRefused(Refused):
    """The message says why."""


Say = Callable[[str], Awaitable[None]]  # reports progress in words (notify.jobs.Progress.say)


def _serialise(result: TallyResult, proposals: list[Proposal], ballots: int) -> dict[str, Any]:
    by_id = {str(p.id): p for p in proposals}
    projects = []
    for outcome in result.projects:
        p = by_id[outcome.project_id]
        projects.append(
            asdict(outcome)
            | {
                "reason": outcome.reason.value,
                "title": p.title,
                "area": p.area.name,
                "area_code": p.area.code,
                "category": p.category.value,
            }
        )
    return {
        "rule": result.rule,
        "rule_version": result.rule_version,
        "budget": result.budget,
        "spent": result.spent,
        "selected": list(result.selected),
        "projects": projects,
        "tie_break": list(result.tie_break),
        "tie_break_text": describe_tie_break(result.tie_break),
        "input_hash": result.input_hash,
        "ballots": ballots,
    }


@dataclass(frozen=True, eq=False)
class _Counted:
    """One box counted, not yet kept: its snapshot if it was unchanged, else its result."""

    generation: int
    kept: TallySnapshot | None = None
    found: BoxElection | None = None
    result: TallyResult | None = None


async def _count(process: Process, box: BallotBox) -> _Counted:
    # Read before the ballots: a write after this moves it, and the key below goes stale.
    generation = await generations.current("ballots")
    unchanged = await _unchanged(process, box, generation)
    if unchanged is not None:
        return _Counted(generation, kept=unchanged)
    found = await box_election(process, box)
    # Equal Shares may take seconds: in a thread, so the loop it was called on stays free.
    result = await asyncio.to_thread(tally, found.election, process.tally_rule.value)
    return _Counted(generation, found=found, result=result)


async def _keep(
    actor: Principal | None, process: Process, box: BallotBox, c: _Counted
) -> TallySnapshot:
    if c.kept is not None:
        return c.kept
    assert c.found is not None and c.result is not None
    snapshot = await _snapshot(actor, process, box, c.found, c.result)
    await TallyInputKey.get_or_create(
        box=box,
        ballot_generation=c.generation,
        terms_hash=terms_hash(c.found.election, c.result.rule, c.result.rule_version),
        defaults={"snapshot": snapshot, "marked": sorted(c.found.marked)},
    )
    return snapshot


async def _unchanged(process: Process, box: BallotBox, generation: int) -> TallySnapshot | None:
    """The snapshot of an earlier tally of this box if neither its ballots nor its terms
    changed since: answered without reading a ballot."""
    keys = await TallyInputKey.filter(box=box, ballot_generation=generation).order_by("-id")
    if not keys:
        return None
    rule = process.tally_rule.value
    terms = await box_terms(process, box, frozenset(keys[0].marked))
    wanted = terms_hash(terms.election, rule, VERSIONS[rule])
    for key in keys:
        if key.terms_hash == wanted:
            return await TallySnapshot.get(id=key.snapshot_id)
    return None


async def _snapshot(
    actor: Principal | None,
    process: Process,
    box: BallotBox,
    found: BoxElection,
    result: TallyResult,
) -> TallySnapshot:
    existing = await TallySnapshot.get_or_none(box=box, input_hash=result.input_hash)
    if existing is not None:  # same ballots, same rule version: the same result
        return existing
    proposals = list(found.proposals)
    ballots = found.ballots
    # Turnout as voting closed, kept with the result: the page then counts no roster.
    counted = await turnouts([(box, await box.area)])
    snapshot = await TallySnapshot.create(
        box=box,
        rule=result.rule,
        rule_version=result.rule_version,
        input_hash=result.input_hash,
        ballots=ballots,
        result=_serialise(result, proposals, ballots) | {"turnout": counted[box.id]},
        created_by_id=actor.id if actor else None,
    )
    await _record_awards(snapshot, result, proposals)
    return snapshot


async def _record_awards(
    snapshot: TallySnapshot, result: TallyResult, proposals: list[Proposal]
) -> None:
    selected = set(result.selected)
    for proposal in proposals:
        if proposal.status not in ON_BALLOT:  # withdrawn after the vote: it keeps that status
            continue
        outcome = result.outcome(str(proposal.id))
        funded = outcome.project_id in selected
        await Proposal.filter(id=proposal.id).update(
            status=ProposalStatus.FUNDED if funded else ProposalStatus.NOT_FUNDED
        )
        await Award.filter(proposal=proposal).delete()
        if funded:
            subsidy = outcome.subsidy if outcome.subsidy is not None else outcome.cost
            await Award.create(
                proposal=proposal, snapshot=snapshot, votes=outcome.votes, subsidy_fen=subsidy
            )


async def tally_refusal(process: Process) -> str | None:
    """Why this process cannot be tallied now, or None."""
    if process.phase != Phase.TALLYING:
        return _("只有在计票阶段（投票已截止）才能计票")
    return await opening.unopened_refusal(process)


async def tally_run(
    actor: Principal | None, process: Process, progress: Say | None = None
) -> list[TallySnapshot]:
    """Tally every ballot box of a process whose voting has closed. The boxes are read and
    counted first, then every result is kept in one transaction with its audit entry."""
    refusal = await tally_refusal(process)
    if refusal:
        raise TallyRefused(refusal)
    boxes = await boxes_of(process)
    counts = []
    for n, box in enumerate(boxes, 1):
        if progress is not None:
            await progress(
                _("正在计票：第 {n} 个投票箱，共 {total} 个").format(n=n, total=len(boxes))
            )
        counts.append(await _count(process, box))
    async with in_transaction():
        await process.refresh_from_db(fields=["phase"])
        if process.phase != Phase.TALLYING:  # moved on while the boxes were counted
            raise TallyRefused(_("计票期间流程阶段已改变，本次计票未保存"))
        snapshots = [
            await _keep(actor, process, box, c) for box, c in zip(boxes, counts, strict=True)
        ]
        await audit.record(
            actor,
            "process.tally",
            ("process", process.id),
            f"计票：{process.name}",
            after={str(s.box_id): s.input_hash for s in snapshots},
        )
    return snapshots


async def latest_snapshots(process: Process) -> list[TallySnapshot]:
    """The published result of each box (the newest snapshot), in box order."""
    boxes = await boxes_of(process)
    newest: dict[int, TallySnapshot] = {}
    # One query for every box; the first seen of each box, by id descending, is its newest.
    for snapshot in await TallySnapshot.filter(box_id__in=[b.id for b in boxes]).order_by("-id"):
        newest.setdefault(snapshot.box_id, snapshot)
    return [newest[box.id] for box in boxes if box.id in newest]
