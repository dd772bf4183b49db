"""Seed data of `benchmarks/load.py`: the demo district, two processes, thousands of voters.

- a process in voting (3 headings, so 3 ballot boxes; approval, up to 3 picks) whose voters
  each cast one ballot in the timed window;
- a process voted, tallied and in publicity, whose public results page is read from its
  stored snapshots;
- `voters` verified residents spread over the 8 villages/communities, each with a session
  cookie and CSRF token minted by the app's own session machinery (no argon2 in the window).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from app.factory import SESSION_COOKIE, create_app
from core import clock
from core.accounts.endpoints import start_session
from core.clock import today
from core.csrf import csrf_token
from core.demo import create_demo_areas
from core.models import Area, AreaKind, User
from core.passwords import hash_password
from projects.models import (
    Category,
    Heading,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
    TallyRule,
    VotingMethod,
)
from residents import idcard
from residents.models import RosterEntry, Verification
from votes.ballots import secrecy
from votes.ballots.boxes import boxes_of, proposals_in
from votes.models import Ballot, BallotBox, BallotMark, Channel, VoterMark
from votes.results.services import tally_run
from votes.sealing import keys

# The three streets/townships of the demo district, each a heading (分项预算) of ¥800,000.
HEADINGS = ("370104001000", "370104013000", "370104100000")
PROPOSALS_PER_VILLAGE = 3
BORN = dt.date(1980, 3, 1)


@dataclass(frozen=True)
class Voter:
    user_id: int
    entry_id: int
    box_id: int
    picks: tuple[int, ...]  # proposal ids marked on the ballot
    cookie: str = ""
    csrf: str = ""

    def cast_body(self) -> str:
        fields = [f"csrf_token={quote(self.csrf)}", *(f"p{p}=on" for p in self.picks)]
        return "&".join(fields)


@dataclass(frozen=True)
class Seeded:
    voting: Process
    voting_box_ids: list[int]
    closed: Process
    voters: list[Voter]


async def _process(
    name: str, district: Area, villages: list[Area], author: User, phase: Phase
) -> Process:
    process = await Process.create(
        name=name,
        area=district,
        phase=phase,
        budget_fen=240_000_000,
        voting_method=VotingMethod.APPROVAL,
        tally_rule=TallyRule.GREEDY,
        min_picks=1,
        max_picks=3,
    )
    for code in HEADINGS:
        await Heading.create(process=process, area=await Area.get(code=code), budget_fen=80_000_000)
    await Proposal.bulk_create(
        [
            Proposal(
                process=process,
                area=village,
                author=author,
                title=f"{village.name}项目{n}",
                summary="压测提案",
                category=Category.ROAD,
                total_cost_fen=30_000_000 + n,
                requested_subsidy_fen=20_000_000 + n,
                reviewed_cost_fen=30_000_000 + n,
                status=ProposalStatus.ACCEPTED,
            )
            for village in villages
            for n in range(PROPOSALS_PER_VILLAGE)
        ]
    )
    return process


async def _voters(villages: list[Area], count: int) -> list[RosterEntry]:
    password = hash_password("load-test-password")  # nobody logs in with it: hash once
    await User.bulk_create(
        [
            User(
                name=f"压测居民{n}",
                mobile=f"137{n:08d}",
                password_hash=password,
                home_area=villages[n % len(villages)],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    users = await User.filter(mobile__startswith="137").order_by("id")
    now = clock.now()
    await RosterEntry.bulk_create(
        [
            RosterEntry(
                area_id=user.home_area_id,
                name=user.name,
                birth_date=BORN,  # type: ignore[attr-defined]
                id_hash=idcard.id_hash(_id_number(n)),
                user=user,
                verification=Verification.ROSTER,
                verified_at=now,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    return await RosterEntry.filter(user_id__isnull=False).select_related("area").order_by("id")


def _id_number(n: int) -> str:
    """Distinct synthetic ID numbers: one birth day per thousand people."""
    return idcard.make_number("370104", BORN + dt.timedelta(days=n // 1000), n % 1000)


async def _ballot_plan(
    process: Process, entries: list[RosterEntry], rng: random.Random
) -> list[tuple[RosterEntry, BallotBox, tuple[int, ...]]]:
    """Each voter's box (their street's heading) and two of its proposals."""
    plan = []
    boxes = [
        (box, await Area.get(id=box.area_id), [p.id for p in await proposals_in(box)])  # type: ignore[attr-defined]
        for box in await boxes_of(process)
    ]
    for entry in entries:
        box, _area, ids = next(b for b in boxes if entry.area.path.startswith(b[1].path))
        plan.append((entry, box, tuple(sorted(rng.sample(ids, 2)))))
    return plan


async def _cast_directly(plan: list[tuple[RosterEntry, BallotBox, tuple[int, ...]]]) -> None:
    """Ballots for the closed process, written in bulk as `ballot_cast` would write them."""
    ballots, marks, voter_marks = [], [], []
    for entry, box, picks in plan:
        ballot = Ballot(
            box=box,
            voter_key=secrecy.voter_key(box.id, entry.id),
            channel=Channel.ONLINE,
            cast_on=today(),
            receipt_hash=secrecy.receipt_hash(secrecy.new_receipt()),
        )
        ballots.append(ballot)
        marks += [BallotMark(ballot_id=ballot.id, proposal_id=p, value=1) for p in picks]
        voter_marks.append(
            VoterMark(box=box, entry=entry, id_hash=entry.id_hash, channel=Channel.ONLINE)
        )
    await Ballot.bulk_create(ballots, batch_size=2000)
    await BallotMark.bulk_create(marks, batch_size=2000)
    await VoterMark.bulk_create(voter_marks, batch_size=2000)


async def seed(voter_count: int) -> Seeded:
    rng = random.Random(2027)
    areas = await create_demo_areas()
    district = areas["370104000000"]
    villages = [a for a in areas.values() if a.kind in (AreaKind.VILLAGE, AreaKind.COMMUNITY)]
    author = await User.create(
        name="提案人", mobile="13600000000", password_hash="-", home_area=villages[0]
    )
    voting = await _process("压测：投票中", district, villages, author, Phase.VOTING)
    await keys.election_key_create(None, voting)  # as opening voting makes it
    closed = await _process("压测：已计票", district, villages, author, Phase.TALLYING)
    entries = await _voters(villages, voter_count)
    closed_plan = await _ballot_plan(closed, entries, rng)
    await _cast_directly([row for n, row in enumerate(closed_plan) if n % 5 != 0])  # 80 % turnout
    await tally_run(None, closed)
    closed.phase = Phase.PUBLICITY
    await closed.save(update_fields=["phase"])
    plan = await _ballot_plan(voting, entries, rng)
    voters = [
        Voter(user_id=entry.user_id, entry_id=entry.id, box_id=box.id, picks=picks)  # type: ignore[attr-defined]
        for entry, box, picks in plan
    ]
    box_ids = [box.id for box in await boxes_of(voting)]
    return Seeded(
        voting=voting, voting_box_ids=box_ids, closed=closed, voters=await _with_sessions(voters)
    )


async def _mint(request: Request) -> Response:
    """The login endpoint's own session start, without its argon2 check."""
    user = await User.get(id=request.path_params["user_id"])
    start_session(request, user.id, user.session_version)
    return PlainTextResponse(csrf_token(request.session))


async def _with_sessions(voters: list[Voter]) -> list[Voter]:
    """A signed session cookie and its CSRF token for every voter, made by the app itself
    (same secret, same SessionMiddleware) through an extra in-process route, called as
    ASGI directly (an HTTP client per call cost more than the minting)."""
    app = create_app(manage_database=False)
    app.router.routes.insert(0, Route("/_load/session/{user_id:int}", _mint))
    return [await _signed(app, voter) for voter in voters]


async def _signed(app: Any, voter: Voter) -> Voter:
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": f"/_load/session/{voter.user_id}",
        "raw_path": b"",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"load.test")],
        "client": ("127.0.0.1", 1),
        "server": ("load.test", 443),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    headers = dict(sent[0]["headers"])
    cookie = headers[b"set-cookie"].decode().split(";", 1)[0]
    assert sent[0]["status"] == 200 and cookie.startswith(f"{SESSION_COOKIE}="), sent[0]
    return Voter(
        voter.user_id,
        voter.entry_id,
        voter.box_id,
        voter.picks,
        cookie=cookie,
        csrf=b"".join(m.get("body", b"") for m in sent[1:]).decode(),
    )
