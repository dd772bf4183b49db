"""Process writes: create, edit, headings, phase changes. Every one an audited staff action."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from core import audit
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from projects import hooks, rules
from projects.hooks import HandOver
from projects.labels import PHASES
from projects.models import Heading, Phase, PhaseLog, Process, TallyRule, VotingMethod


class ProcessRuleError(Refused):
    """Refused by the process rules; the message says why."""


@dataclass(frozen=True)
class ProcessSettings:
    name: str
    description: str
    area_id: int
    budget_fen: int
    voting_method: VotingMethod
    tally_rule: TallyRule
    min_picks: int = 0
    max_picks: int = 0
    points_total: int = 0
    points_per_project: int = 0
    knapsack_min_share: int = 0
    vote_threshold: int = 0
    vote_threshold_is_share: bool = False
    min_voter_age: int = 18
    support_threshold: int = 0
    subsidy_ratio: Decimal = Decimal(1)
    subsidy_cap_fen: int | None = None
    collecting_start: dt.date | None = None
    collecting_end: dt.date | None = None
    voting_start: dt.date | None = None
    voting_end: dt.date | None = None
    publicity_days: int = 7
    headings: dict[int, int] = field(default_factory=dict)  # area id → budget fen


SNAPSHOT = [
    *rules.VOTING_SETTINGS,
    "name",
    "phase",
    "support_threshold",
    "subsidy_ratio",
    "subsidy_cap_fen",
    "area_id",
]


def _columns(settings: ProcessSettings) -> dict[str, Any]:
    values = asdict(settings)
    values.pop("headings")
    return values


async def _set_headings(process: Process, headings: dict[int, int]) -> None:
    await Heading.filter(process=process).delete()
    await Heading.bulk_create(
        [
            Heading(process=process, area_id=area_id, budget_fen=fen)
            for area_id, fen in sorted(headings.items())
            if fen > 0
        ]
    )


async def process_create(actor: Principal, settings: ProcessSettings) -> Process:
    async with in_transaction():
        process = await Process.create(**_columns(settings))
        await _set_headings(process, settings.headings)
        await PhaseLog.create(process=process, phase=Phase.DRAFT)
        await audit.record(
            actor,
            "process.create",
            ("process", process.id),
            f"新建批次 {process.name}",
            after=audit.snapshot(process, SNAPSHOT),
        )
    return process


async def process_update(actor: Principal, process: Process, settings: ProcessSettings) -> None:
    """Edit; once voting has opened, any change to the voting settings is refused whole."""
    async with in_transaction():
        locked = await Process.select_for_update().get(id=process.id)
        before = audit.snapshot(locked, SNAPSHOT)
        changes = _columns(settings)
        if rules.voting_frozen(locked):
            if any(getattr(locked, k) != changes[k] for k in rules.ELECTORATE_SETTINGS):
                raise ProcessRuleError(_("投票已开始，覆盖区域和公示天数不能再修改"))
            frozen = [k for k in rules.VOTING_SETTINGS if getattr(locked, k) != changes[k]]
            headings_now = dict(
                await Heading.filter(process=locked).values_list("area_id", "budget_fen")
            )
            if frozen or headings_now != {k: v for k, v in settings.headings.items() if v > 0}:
                raise ProcessRuleError(_("投票已开始，投票规则、预算和分项预算不能再修改"))
        else:
            await _set_headings(locked, settings.headings)
        locked.update_from_dict(changes)
        await locked.save()
        await search_index.refresh("result", locked.id)
        await audit.record(
            actor,
            "process.update",
            ("process", locked.id),
            f"修改批次 {locked.name}",
            before=before,
            after=audit.snapshot(locked, SNAPSHOT),
        )


async def advance_refusal(process: Process, to: Phase) -> str | None:
    """Why `process` may not enter `to` now (None: it may). The confirmation page asks it
    before the admin confirms; process_advance asks again under the lock."""
    if to == Phase.VOTING and not await process.proposals.filter(status="accepted").exists():
        return _("还没有通过审核的项目，不能开始投票")
    return await hooks.phase_refusal(process, to)


async def process_advance(
    actor: Principal, process: Process, to: Phase, hand_over: list[HandOver] | None = None
) -> Process:
    """Move to the next phase (only the next one: no phase is skipped). What the phase's
    hooks hand over (`projects.hooks`) goes into `hand_over`, to be shown once; a
    phase change that would hand something over to no one is refused."""
    async with in_transaction():
        locked = await Process.select_for_update().get(id=process.id)
        if rules.next_phase(locked.phase) != to:
            raise ProcessRuleError(_("只能进入下一个阶段"))
        refusal = await advance_refusal(locked, to)
        if refusal:
            raise ProcessRuleError(refusal)
        before = locked.phase
        locked.phase = to
        await locked.save(update_fields=["phase", "updated_at"])
        await PhaseLog.create(process=locked, phase=to)
        # The results' embargo ends with voting (计票): their document appears with it.
        await search_index.refresh("result", locked.id)
        handed = await hooks.entering(actor, locked, to)
        if handed and hand_over is None:
            raise ProcessRuleError(_("这个阶段变更只能在管理页面进行"))
        (hand_over if hand_over is not None else []).extend(handed)
        await audit.record(
            actor,
            "process.phase",
            ("process", locked.id),
            f"批次 {locked.name}：{PHASES[before]} → {PHASES[to]}",
            before={"phase": before.value},
            after={"phase": to.value},
        )
    return locked
