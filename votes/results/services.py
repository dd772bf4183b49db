"""Running the tally (计票): an audited staff action that stores immutable snapshots."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from projects.models import Phase, Process, Proposal, ProposalStatus
from votes.ballots.boxes import ON_BALLOT, boxes_of
from votes.models import Award, BallotBox, TallySnapshot
from votes.pbio.election import box_election
from votes.results.turnout import turnouts
from votes.rules import tally
from votes.rules.result import TallyResult, describe_tie_break
from votes.sealing import opening


class TallyRefused(Refused):
    """The message says why."""


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


async def _tally_box(actor: Principal | None, process: Process, box: BallotBox) -> TallySnapshot:
    found = await box_election(process, box)
    election, proposals = found.election, list(found.proposals)
    result = tally(election, process.tally_rule.value)
    existing = await TallySnapshot.get_or_none(box=box, input_hash=result.input_hash)
    if existing is not None:  # same ballots, same rule version: the same result
        return existing
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
        await search_index.refresh("proposal", proposal.id)
        await Award.filter(proposal=proposal).delete()
        if funded:
            subsidy = outcome.subsidy if outcome.subsidy is not None else outcome.cost
            await Award.create(
                proposal=proposal, snapshot=snapshot, votes=outcome.votes, subsidy_fen=subsidy
            )


async def tally_run(actor: Principal | None, process: Process) -> list[TallySnapshot]:
    """Tally every ballot box of a process whose voting has closed."""
    if process.phase != Phase.TALLYING:
        raise TallyRefused(_("只有在计票阶段（投票已截止）才能计票"))
    unopened = await opening.unopened_refusal(process)
    if unopened:
        raise TallyRefused(unopened)
    async with in_transaction():
        snapshots = [await _tally_box(actor, process, box) for box in await boxes_of(process)]
        await search_index.refresh("result", process.id)
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
