"""Processes and proposals for tests, made through the ORM (fast, explicit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sealing_support

from core.models import Area, User
from projects.meeting import MeetingKind
from projects.models import (
    Category,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
    TallyRule,
    VotingMethod,
)


async def make_process(area: Area, phase: Phase = Phase.COLLECTING, **extra: Any) -> Process:
    values: dict[str, Any] = dict(
        name="2027 年度民生实事",
        area=area,
        phase=phase,
        budget_fen=100_000_000,
        voting_method=VotingMethod.APPROVAL,
        tally_rule=TallyRule.GREEDY,
        max_picks=3,
    )
    process = await Process.create(**(values | extra))
    if phase == Phase.VOTING:  # as opening voting would: an election key, shares kept
        await sealing_support.seal_process(process)
    return process


async def make_proposal(
    process: Process,
    village: Area,
    author: User,
    status: ProposalStatus = ProposalStatus.SUBMITTED,
    **extra: Any,
) -> Proposal:
    values: dict[str, Any] = dict(
        process=process,
        area=village,
        author=author,
        title="村东路灯",
        summary="安装路灯",
        body="详细说明",
        category=Category.LIGHTING,
        location="村东",
        total_cost_fen=9_600_000,
        villager_funds_fen=1_600_000,
        requested_subsidy_fen=8_000_000,
        meeting_kind=MeetingKind.HOUSEHOLDS,
        meeting_date=dt.date(2026, 9, 1),
        meeting_eligible=100,
        meeting_present=70,
        meeting_in_favour=60,
        status=status,
    )
    return await Proposal.create(**(values | extra))


def proposal_form(village: Area, **overrides: str) -> dict[str, str]:
    """A complete, valid resident's proposal form as a browser would post it."""
    return {
        "area": str(village.id),
        "title": "村东主路硬化",
        "category": "road",
        "location": "村东",
        "summary": "硬化村东土路 800 米",
        "body": "雨天泥泞，出行难。",
        "total_cost": "420,000",
        "action": "submit",
    } | overrides


def review_form(**overrides: str) -> dict[str, str]:
    """A cadre's complete acceptance on the review desk, with the 一事一议 figures."""
    return {
        "decision": "accept",
        "feasibility": "feasible",
        "reviewed_cost": "90000",
        "official_answer": "经现场踏勘，可行。",
        "villager_funds": "10000",
        "labour_days": "300",
        "donations": "",
        "requested_subsidy": "80000",
        "beneficiaries_people": "1200",
        "beneficiaries_households": "410",
        "meeting_kind": "households",
        "meeting_date": "2026-09-12",
        "meeting_eligible": "410",
        "meeting_present": "300",
        "meeting_in_favour": "250",
    } | overrides
