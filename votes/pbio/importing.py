"""Importing a Pabulib file as a finished process with its ballots (one transaction).

The file holds a vote that is over, so the process lands in the tallying phase with one
accepted proposal per project (withdrawn ones as withdrawn), one ballot box, and one online
ballot per file voter. No roster entries or voter marks are invented: they are about people,
and the file's voters are nobody Yishi knows. Each ballot still gets a keyed voter hash of
(box, file voter id), so the unique (box, voter key) keeps one ballot per file voter, and a
deterministic receipt (see :func:`votes.pbio.mapping.receipt_token`).

The proposals' author is the first admin account: the import is that staff's data entry
(``on_behalf_of_village``), and Yishi has no author-less proposals.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core import audit
from core.clock import today
from core.i18n import gettext as _
from core.models import Area, AreaKind, Role, User
from projects.models import Phase, PhaseLog, Process, Proposal, ProposalStatus
from votes.ballots.boxes import boxes_of
from votes.models import Ballot, BallotMark, Channel
from votes.pabulib import Disagreement, LimitBreach, PbDocument, disagreements, limit_breaches
from votes.pbio import bulk
from votes.pbio.mapping import (
    ImportPlan,
    ImportRefused,
    mark_values,
    plan_import,
    receipt_hash_of,
    receipt_token,
    voter_keys,
)


@dataclass(frozen=True, eq=False)
class ImportReport:
    process: Process
    proposal_ids: Mapping[str, int]  # file project id → proposal id
    ballots: int
    marks: int
    notes: tuple[str, ...]
    disagreements: tuple[Disagreement, ...]
    limit_breaches: tuple[LimitBreach, ...]
    write_seconds: float


async def area_for_import(code: str | None) -> Area:
    """The ``--area`` area, or the only district when none is given."""
    if code:
        area = await Area.get_or_none(code=code)
        if area is None:
            raise ImportRefused(_("找不到代码为 {code} 的区域").format(code=code))
        return area
    districts = await Area.filter(kind=AreaKind.DISTRICT).order_by("path")
    if len(districts) != 1:
        raise ImportRefused(
            _("有 {n} 个区/县，请用 --area 指定导入到哪个区域").format(n=len(districts))
        )
    return districts[0]


async def _author() -> User:
    admin = await User.filter(roles__role=Role.ADMIN, is_active=True).order_by("id").first()
    if admin is None:
        raise ImportRefused(_("还没有管理员账户：请先运行 yishi createadmin"))
    return admin


async def pb_import(document: PbDocument, *, area: Area, source: str) -> ImportReport:
    """Create the process, its proposals, box, ballots and marks: all of it or nothing."""
    plan = plan_import(document, source)
    author = await _author()
    started = time.perf_counter()
    async with in_transaction() as connection:
        process = await Process.create(area=area, phase=Phase.TALLYING, **plan.process)
        await PhaseLog.create(process=process, phase=Phase.TALLYING)
        proposal_ids = await _proposals(process, area, author, plan)
        box = (await boxes_of(process))[0]
        marks = await _ballots(
            connection,
            process,
            box.id,
            document,
            plan,
            [proposal_ids[pid] for pid in document.election.project_ids],
        )
        await audit.record(
            None,
            "process.pb_import",
            ("process", process.id),
            f"导入 Pabulib 文件 {source}：{len(proposal_ids)} 个项目，"
            f"{document.election.n_voters} 张选票",
            after={
                "file": source,
                "projects": len(proposal_ids),
                "ballots": document.election.n_voters,
                "rule": process.tally_rule.value,
            },
        )
    return ImportReport(
        process=process,
        proposal_ids=proposal_ids,
        ballots=document.election.n_voters,
        marks=marks,
        notes=plan.notes,
        disagreements=tuple(disagreements(document)),
        limit_breaches=tuple(limit_breaches(document)),
        write_seconds=time.perf_counter() - started,
    )


async def _proposals(
    process: Process, area: Area, author: User, plan: ImportPlan
) -> dict[str, int]:
    # One by one: a few hundred rows at most, and each id is needed for the marks.
    ids = {}
    for item in plan.proposals:
        proposal = await Proposal.create(
            process=process,
            area=area,
            author=author,
            on_behalf_of_village=True,
            title=item.title,
            summary=item.summary,
            body=item.body,
            category=item.category,
            total_cost_fen=item.cost_fen,
            requested_subsidy_fen=item.cost_fen,
            reviewed_cost_fen=item.cost_fen,
            status=ProposalStatus.WITHDRAWN if item.withdrawn else ProposalStatus.ACCEPTED,
        )
        ids[item.file_id] = proposal.id
    return ids


async def _ballots(
    connection: BaseDBAsyncClient,
    process: Process,
    box_id: int,
    document: PbDocument,
    plan: ImportPlan,
    proposal_of_project: list[int],
) -> int:
    election = document.election
    voters = document.voter_ids
    ballot_ids = [uuid.uuid4() for _ in voters]
    cast_on: dt.date = plan.cast_on or today()
    keys = voter_keys(box_id, voters)
    hashes = [receipt_hash_of(receipt_token(process.id, voter)) for voter in voters]
    await bulk.insert(
        connection,
        Ballot,
        ("id", "box_id", "voter_key", "receipt_hash", "channel", "cast_on"),
        [
            (bid, box_id, key, digest, Channel.ONLINE.value, cast_on)
            for bid, key, digest in zip(ballot_ids, keys, hashes, strict=True)
        ],
    )
    owners = election.voter_of_mark().tolist()
    proposals = [proposal_of_project[i] for i in election.project_idx.tolist()]
    values = mark_values(election).tolist()
    await bulk.insert(
        connection,
        BallotMark,
        ("ballot_id", "proposal_id", "value"),
        [(ballot_ids[v], p, x) for v, p, x in zip(owners, proposals, values, strict=True)],
    )
    return len(values)
