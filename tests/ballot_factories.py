"""A process in voting with accepted proposals and roster entries, for ballot tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from project_factories import make_process, make_proposal
from support import make_user

from core.models import Area, Role
from projects.models import Phase, Process, Proposal, ProposalStatus
from residents import idcard
from residents.models import RosterEntry, Verification

VILLAGE = "370104013201"


async def voting_process(areas: dict[str, Area], **extra: Any) -> tuple[Process, list[Proposal]]:
    process = await make_process(areas["370104013000"], Phase.VOTING, **extra)
    author = await make_user("13900000099", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    proposals = [
        await make_proposal(
            process,
            areas[VILLAGE],
            author,
            ProposalStatus.ACCEPTED,
            title=f"项目{i}",
            requested_subsidy_fen=fen,
            total_cost_fen=fen * 2,
            reviewed_cost_fen=fen * 2,
        )
        for i, fen in enumerate((30_000_000, 20_000_000, 10_000_000))
    ]
    return process, proposals


async def roster_entries(area: Area, count: int, start: int = 1) -> list[RosterEntry]:
    born = dt.date(1980, 3, 1)
    await RosterEntry.bulk_create(
        [
            RosterEntry(
                area=area,
                id_hash=idcard.id_hash(idcard.make_number("370104", born, n)),
                name=f"村民{n}",
                birth_date=born,
            )
            for n in range(start, start + count)
        ]
    )
    return await RosterEntry.filter(area=area).order_by("id")


def id_number(seq: int) -> str:
    return idcard.make_number("370104", dt.date(1980, 3, 1), seq)


async def verified_voter(mobile: str, area: Area, seq: int) -> RosterEntry:
    user = await make_user(mobile, Role.RESIDENT, home=area, verified=False)
    born = dt.date(1980, 3, 1)
    return await RosterEntry.create(
        area=area,
        id_hash=idcard.id_hash(id_number(seq)),
        name=user.name,
        birth_date=born,
        user=user,
        verification=Verification.ROSTER,
        verified_at=dt.datetime.now(dt.UTC),
    )
