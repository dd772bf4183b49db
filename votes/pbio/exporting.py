"""Exporting a ballot box as an anonymised Pabulib file (选票公开文件).

What is written: the process's settings as META, each proposal on the ballot (id, cost as
taken from the pool, title, category, counted votes/points, and ``selected`` when the box
has a stored tally), and every counted ballot under a sequence number in the counted
table's (random) order. Nothing that points
at a person: no user, roster or author ids, no voter keys, no dates but the voting days.
Results are embargoed until voting closes, so a process before the tallying phase is refused.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from core.i18n import gettext as _
from core.models import Area
from core.refusals import Refused
from projects.models import Phase, Process
from projects.rules import ORDER
from votes.ballots.boxes import boxes_of
from votes.models import BallotBox, TallySnapshot
from votes.pabulib import PbDocument, document_for
from votes.pbio.election import box_election
from votes.pbio.mapping import FEN_PER_UNIT, export_comments, export_meta
from votes.rules.election import Election
from votes.sealing import opening

META_ORDER = (
    "description",
    "country",
    "unit",
    "subunit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "max_sum_points",
    "max_points",
    "min_project_score_threshold",
    "language",
    "currency",
    "comment",
)


class ExportRefused(Refused):
    """The ballots cannot be published (yet); the message says why, in Chinese."""


def export_allowed(process: Process) -> bool:
    """Embargo: ballots are public only once voting has closed."""
    return ORDER.index(process.phase) >= ORDER.index(Phase.TALLYING)


async def box_to_export(process: Process) -> BallotBox:
    """The process's one ballot box; a process with headings has one file per box."""
    if not export_allowed(process):
        raise ExportRefused(
            _("投票截止前不能导出选票（当前阶段：{phase}）").format(phase=process.phase.value)
        )
    boxes = await boxes_of(process)
    if len(boxes) != 1:
        raise ExportRefused(
            _("该批次有 {n} 个投票箱（分项预算），请用 --box 选择其中一个").format(n=len(boxes))
        )
    return boxes[0]


async def pb_export(process: Process, box: BallotBox) -> PbDocument:
    if not export_allowed(process):
        raise ExportRefused(
            _("投票截止前不能导出选票（当前阶段：{phase}）").format(phase=process.phase.value)
        )
    unopened = await opening.unopened_refusal(process)
    if unopened:
        raise ExportRefused(unopened)
    found = await box_election(process, box)
    election = _in_yuan_if_whole(found.election)
    area = await Area.get(id=process.area_id)
    heading_area = await Area.get(id=box.area_id) if box.heading_id else None
    meta = export_meta(
        process,
        unit=area.name,
        subunit=heading_area.name if heading_area else None,
        budget_fen=box.budget_fen,
    )
    fields = {
        "name": [p.title for p in found.proposals],
        "category": [p.category.value for p in found.proposals],
    }
    selected = await _selected(box)
    if selected is not None:
        fields["selected"] = ["1" if pid in selected else "0" for pid in election.project_ids]
    # Voters are numbered in the counted table's order (random ids): a receipt code, shown
    # to anyone, finds no ballot here (receipts are published apart, in hash order).
    voter_ids = tuple(str(n) for n in range(1, found.ballots + 1))
    document = document_for(election, meta=meta, voter_ids=voter_ids, project_fields=fields)
    comments = export_comments(process, whole_units=election.money_decimals == 0)
    full = dict(document.meta) | {
        "comment": " ".join(f"#{n}: {text}" for n, text in enumerate(comments, start=1))
    }
    ordered = {key: full[key] for key in META_ORDER if key in full}
    return dataclasses.replace(document, meta=MappingProxyType(ordered | full))


def _in_yuan_if_whole(election: Election) -> Election:
    """Fen → whole yuan when every amount allows, as Pabulib files usually are."""
    amounts = [election.budget, *election.costs.tolist()]
    if any(amount % FEN_PER_UNIT for amount in amounts):
        return election
    return dataclasses.replace(
        election,
        costs=election.costs // FEN_PER_UNIT,
        budget=election.budget // FEN_PER_UNIT,
        money_decimals=0,
    )


async def _selected(box: BallotBox) -> frozenset[str] | None:
    """The projects the box's published tally selected; None when it has not been tallied."""
    snapshot = await TallySnapshot.filter(box=box).order_by("-id").first()
    if snapshot is None:
        return None
    return frozenset(str(pid) for pid in snapshot.result.get("selected", ()))
