"""The evening rush through the real app: casts that arrive together share their queries
(votes.ballots.rush), and each voter still gets exactly the answer they would alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from ballot_factories import VILLAGE, verified_voter, voting_process
from sealing_support import sealed_contents
from support import csrf, login

from core.models import Area
from projects.models import Proposal
from residents.models import RosterEntry
from votes.ballots import first_cast, secrecy, services
from votes.ballots.boxes import boxes_of
from votes.models import Channel, VoterMark
from votes.sealing.models import SealedBallot


@pytest_asyncio.fixture
async def voters(app: Any, areas: dict[str, Area]) -> AsyncIterator[dict[str, Any]]:
    """A process in voting (up to 2 picks) and 12 verified voters, each signed in on their
    own client with their form token ready."""
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    clients, tokens, entries = [], [], []
    for n in range(12):
        entries.append(await verified_voter(f"1390000{n:04d}", areas[VILLAGE], n + 1))
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://testserver"
        )
        await login(http, f"1390000{n:04d}")
        clients.append(http)
        tokens.append(await csrf(http))
    yield {
        "box": box,
        "proposals": proposals,
        "clients": clients,
        "tokens": tokens,
        "entries": entries,
    }
    for http in clients:
        await http.aclose()


async def _cast(v: dict[str, Any], n: int, picks: list[Proposal]) -> httpx.Response:
    form = {"csrf_token": v["tokens"][n], **{f"p{p.id}": "1" for p in picks}}
    return await v["clients"][n].post(f"/vote/{v['box'].id}/cast", data=form)


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every first-ballot statement sent (the real statement still runs)."""
    sizes: list[int] = []
    real = first_cast.first_casts

    async def counted(casts: Any) -> Any:
        sizes.append(len(casts))
        return await real(casts)

    monkeypatch.setattr(first_cast, "first_casts", counted)
    return sizes


async def test_voters_casting_together_each_get_their_ballot(
    voters: dict[str, Any], batches: list[int]
) -> None:
    proposals = voters["proposals"]
    picks = [[proposals[n % 3]] for n in range(12)]
    answers = await asyncio.gather(*[_cast(voters, n, picks[n]) for n in range(12)])
    assert [a.status_code for a in answers] == [200] * 12
    assert await SealedBallot.filter(box=voters["box"]).count() == 12
    assert await VoterMark.filter(box=voters["box"], channel=Channel.ONLINE).count() == 12
    assert await RosterEntry.filter(voted=True).count() == 12
    contents = await sealed_contents(voters["box"].process, voters["box"].id)
    for n, entry in enumerate(voters["entries"]):  # each voter's own choice, under their key
        assert contents[secrecy.voter_key(voters["box"].id, entry.id)] == {picks[n][0].id: 1}
    if first_cast.available():  # PostgreSQL: the casts went to the database together
        assert sum(batches) == 12 and max(batches) > 1, batches


async def test_each_receipt_is_the_voters_own(voters: dict[str, Any]) -> None:
    proposals = voters["proposals"]
    answers = await asyncio.gather(*[_cast(voters, n, [proposals[0]]) for n in range(12)])
    codes = set()
    for page in answers:  # the receipt is in the answer to the cast itself
        code = page.text.split('id="receipt-code">')[1].split("<")[0]
        assert await services.receipt_status(code) is not None
        codes.add(code)
    assert len(codes) == 12


async def test_one_voter_casting_again_and_again_at_once_keeps_one_ballot(
    voters: dict[str, Any],
) -> None:
    proposals = voters["proposals"]
    answers = await asyncio.gather(*[_cast(voters, 0, [proposals[n % 3]]) for n in range(8)])
    assert [a.status_code for a in answers] == [200] * 8
    assert await SealedBallot.filter(box=voters["box"]).count() == 1
    assert await VoterMark.filter(box=voters["box"]).count() == 1
    assert len(await sealed_contents(voters["box"].process, voters["box"].id)) == 1


async def test_refusals_in_a_crowd_reach_only_their_voters(
    voters: dict[str, Any], areas: dict[str, Area]
) -> None:
    proposals = voters["proposals"]
    box = voters["box"]
    # Voter 1 marks three (at most two allowed); voter 2's paper ballot was entered.
    paper_voter = voters["entries"][2]
    await VoterMark.create(
        box=box, entry=paper_voter, id_hash=paper_voter.id_hash, channel=Channel.PAPER
    )
    answers = await asyncio.gather(
        _cast(voters, 0, [proposals[0]]),
        _cast(voters, 1, proposals),
        _cast(voters, 2, [proposals[1]]),
        _cast(voters, 4, [proposals[2]]),
        _cast(voters, 5, [proposals[0], proposals[1]]),
    )
    ok, too_many, paper, fine_too, two = answers
    assert ok.status_code == 200 and fine_too.status_code == 200 and two.status_code == 200
    assert too_many.status_code == 400 and "最多只能选 2 个项目" in too_many.text
    assert paper.status_code == 400 and "纸质选票" in paper.text
    assert await SealedBallot.filter(box=box).count() == 3


async def test_an_ended_session_cannot_cast(voters: dict[str, Any]) -> None:
    http = voters["clients"][0]
    stolen = dict(http.cookies)
    await http.post("/logout", data={"csrf_token": voters["tokens"][0]})
    http.cookies.clear()
    http.cookies.update(stolen)  # the cookie as it was before logging out
    answer = await _cast(voters, 0, [voters["proposals"][0]])
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert await SealedBallot.all().count() == 0
