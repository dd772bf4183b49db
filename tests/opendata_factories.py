"""For the open-data tests: a process with everything the API must publish, and everything
it must not: a resident with a phone number and a roster ID hash, a hidden comment, a draft
proposal."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from ballot_factories import VILLAGE, roster_entries, voting_process
from project_factories import make_proposal
from sealing_support import open_sealed
from support import PASSWORD, make_user

from comments.models import Comment, Stance, Visibility
from core.models import Area, Role, User
from projects.models import Feasibility, Phase, Process, Proposal, ProposalStatus
from residents.models import RosterEntry
from votes.ballots import services as ballots
from votes.ballots.boxes import boxes_of
from votes.results import services as results

PHONE = "13912345678"
FULL_NAME = "欧阳明辉"
HIDDEN_TEXT = "我家电话是一三九不要告诉别人"
HIDDEN_REASON = "涉及个人信息"
DRAFT_TITLE = "还没写完的草稿项目"


@dataclass
class World:
    process: Process
    proposals: list[Proposal]  # on the ballot: votes 5, 3, 1
    draft: Proposal
    author: User
    id_hash: str
    visible: Comment
    hidden: Comment

    def secrets(self) -> list[str]:
        """Values that must appear in no API response and no CSV."""
        return [
            PHONE,
            FULL_NAME,
            HIDDEN_TEXT,
            DRAFT_TITLE,
            self.id_hash,
            self.author.password_hash,
            PASSWORD,
        ]


async def _comment(proposal: Proposal, author: User, body: str, **extra: object) -> Comment:
    return await Comment.create(
        subject_type="proposal",
        subject_id=proposal.id,
        area_id=proposal.area_id,  # type: ignore[attr-defined]
        author=author,
        body=body,
        **extra,
    )


async def make_world(areas: dict[str, Area]) -> World:
    village = areas[VILLAGE]
    process, proposals = await voting_process(areas, max_picks=3, budget_fen=40_000_000)
    author = await make_user(PHONE, Role.RESIDENT, home=village, name=FULL_NAME)
    entry = await RosterEntry.get(user=author)
    draft = await make_proposal(process, village, author, ProposalStatus.DRAFT, title=DRAFT_TITLE)
    await Proposal.filter(id=proposals[0].id).update(
        official_answer="经现场核实，项目可行。",
        feasibility=Feasibility.FEASIBLE,
        reviewed_cost_fen=60_000_000,
    )
    visible = await _comment(proposals[0], author, "路灯很需要", stance=Stance.SUPPORT)
    hidden = await _comment(
        proposals[0],
        author,
        HIDDEN_TEXT,
        stance=Stance.OPPOSE,
        visibility=Visibility.HIDDEN,
        hidden_reason=HIDDEN_REASON,
    )
    await _comment(proposals[0], author, "同意楼上", parent=visible)
    [box] = await boxes_of(process)
    voters = [v for v in await roster_entries(village, 9, start=500) if v.user_id is None]  # type: ignore[attr-defined]
    plan = [proposals[0]] * 5 + [proposals[1]] * 3 + [proposals[2]]
    for voter, proposal in zip(voters, plan, strict=True):
        await ballots.ballot_cast(process, box, voter, {proposal.id: 1})
    return World(process, proposals, draft, author, entry.id_hash, visible, hidden)


async def close_voting(world: World, *, tally: bool = True) -> None:
    """Voting closes (计票 phase) and, unless told not, the tally runs."""
    world.process.phase = Phase.TALLYING
    await world.process.save()
    await open_sealed(world.process)
    if tally:
        await results.tally_run(None, world.process)


async def get_json(client: httpx.AsyncClient, path: str, status: int = 200) -> object:
    response = await client.get(path)
    assert response.status_code == status, (path, response.text[:300])
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    return response.json()
