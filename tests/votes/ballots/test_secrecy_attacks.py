"""Attacks on a copy of the data (issue 14, items 1 and 2): many identified voters cast
ballots of distinct contents in a known order; voting closes; the box is opened. Then the
attacker holds the real database file (SQLite) or database (PostgreSQL), its dump, the
audit log, a voter's session cookie, the published .pb file and a voter's receipt code, and
tries to say who voted for what. Each attack must do no better than chance: a random order
puts a voter beside their own ballot about once (Poisson(1)); nine or more in 42 happens by
chance less than once in a million, and any real link gives all 42.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import uuid
from glob import glob
from typing import Any

import httpx
import pytest
from ballot_factories import VILLAGE, roster_entries, verified_voter, voting_process
from itsdangerous import TimestampSigner
from project_factories import make_proposal
from sealing_support import open_sealed
from support import login, make_user, post
from tortoise import Tortoise

from app.factory import SESSION_COOKIE
from core import settings
from core.models import Area, AuditEntry, Role
from core.principal import load_principal
from projects.models import Phase, Process, ProposalStatus
from votes.ballots import secrecy, services
from votes.ballots.boxes import boxes_of
from votes.models import Ballot, BallotMark
from votes.pabulib import dumps_pb
from votes.pbio import pb_export
from votes.sealing.models import Receipt, SealedBallot

VOTERS = 42
PROJECTS = 10
BY_CHANCE_AT_MOST = 8


def _content(n: int, proposal_ids: list[int]) -> frozenset[int]:
    """Voter n's ballot: the projects of the bits of n + 1 (distinct for every voter)."""
    return frozenset(pid for bit, pid in enumerate(proposal_ids) if (n + 1) >> bit & 1)


async def _election(areas: dict[str, Area]) -> dict[str, Any]:
    """42 voters cast in a known order (every seventh on paper), then the box is opened."""
    process, proposals = await voting_process(areas, max_picks=PROJECTS)
    author = await make_user("13900000098", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    for i in range(PROJECTS - len(proposals)):
        proposals.append(
            await make_proposal(
                process, areas[VILLAGE], author, ProposalStatus.ACCEPTED, title=f"加项{i}"
            )
        )
    ids = sorted(p.id for p in proposals)
    [box] = await boxes_of(process)
    official = await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    actor = await load_principal(official.id)
    assert actor is not None
    entries = await roster_entries(areas[VILLAGE], VOTERS, start=300)
    expected, receipts = [], []
    for n, entry in enumerate(entries):
        content = _content(n, ids)
        marks = dict.fromkeys(content, 1)
        if n % 7 == 3:
            receipts.append(await services.paper_ballot_enter(actor, process, box, entry, marks))
        else:
            receipts.append(await services.ballot_cast(process, box, entry, marks))
        expected.append(content)
    sealed_lengths = {
        len(bytes(s)) for s in await SealedBallot.all().values_list("sealed", flat=True)
    }
    process.phase = Phase.TALLYING
    await process.save()
    assert await open_sealed(process) == VOTERS
    return {
        "process": process,
        "box": box,
        "entries": entries,
        "expected": expected,
        "receipts": receipts,
        "sealed_lengths": sealed_lengths,
    }


async def _contents() -> dict[str, frozenset[int]]:
    marks = await BallotMark.all().values_list("ballot_id", "proposal_id")
    found: dict[str, set[int]] = {}
    for ballot_id, proposal_id in marks:
        found.setdefault(str(ballot_id), set()).add(proposal_id)
    return {b: frozenset(p) for b, p in found.items()}


async def _linked(world: dict[str, Any], ballot_order: list[Any]) -> int:
    """How many voters the attack puts beside their own ballot (n-th voter, n-th ballot)."""
    contents = await _contents()
    assert len(ballot_order) == VOTERS and set(map(str, ballot_order)) == set(contents)
    return sum(
        contents[str(ballot)] == expected
        for ballot, expected in zip(ballot_order, world["expected"], strict=True)
    )


def _first_seen(ids: list[Any]) -> list[Any]:
    return list(dict.fromkeys(ids))


async def _rows(sql: str) -> list[dict[str, Any]]:
    return await Tortoise.get_connection("default").execute_query_dict(sql)


async def test_row_order_and_ids_of_counted_ballots_follow_no_voter(
    areas: dict[str, Area], database: str
) -> None:
    world = await _election(areas)
    postgres = database.startswith("postgres")
    position = "ctid" if postgres else "rowid"  # where each row sits in the real file
    attacks = {
        "ballot rows": [r["id"] for r in await _rows(f"SELECT id FROM ballot ORDER BY {position}")],
        "mark rows": _first_seen(
            [
                r["ballot_id"]
                for r in await _rows(f"SELECT ballot_id FROM ballot_mark ORDER BY {position}")
            ]
        ),
        "mark ids": _first_seen(
            [r["ballot_id"] for r in await _rows("SELECT ballot_id FROM ballot_mark ORDER BY id")]
        ),
        "ballot ids": [r["id"] for r in await _rows("SELECT id FROM ballot ORDER BY id")],
    }
    for attack, order in attacks.items():
        assert await _linked(world, order) <= BY_CHANCE_AT_MOST, attack
    # The receipts are published in hash order, and stored so, whatever the cast order.
    hashes = [
        r["receipt_hash"]
        for r in await _rows(f"SELECT receipt_hash FROM receipt ORDER BY {position}")
    ]
    assert hashes == sorted(secrecy.receipt_hash(code) for code in world["receipts"])


async def test_counted_ballots_hold_no_time_voter_or_receipt_and_sealed_ones_one_size(
    areas: dict[str, Area],
) -> None:
    world = await _election(areas)
    rows = await Ballot.all().values("voter_key", "receipt_hash", "channel", "cast_on")
    assert len(rows) == VOTERS
    assert all(value is None for row in rows for value in row.values())
    assert not await SealedBallot.exists()  # destroyed by the opening
    assert len(world["sealed_lengths"]) == 1  # a copy during voting: every ballot one size


async def test_the_audit_log_names_no_voter_and_no_ballot_content(areas: dict[str, Area]) -> None:
    world = await _election(areas)
    text = json.dumps(
        [
            [e.summary, e.before, e.after, e.target_id]
            for e in await AuditEntry.all().order_by("id")
        ],
        ensure_ascii=False,
    )
    for entry in world["entries"]:
        assert entry.name not in text and entry.id_hash not in text
    assert not re.search(r'"entry"', text)
    assert await AuditEntry.filter(action="ballot.paper").count() == VOTERS // 7
    assert await AuditEntry.filter(action="ballot.open").count() == 1


@pytest.mark.postgres_only
async def test_postgres_transaction_ids_join_no_voter_to_a_ballot(areas: dict[str, Area]) -> None:
    await _election(areas)
    ballots = await _rows("SELECT DISTINCT xmin::text AS x FROM ballot")
    marks = await _rows("SELECT DISTINCT xmin::text AS x FROM ballot_mark")
    assert len(ballots) == 1 and marks == ballots  # all counted in the one opening
    voters = {r["x"] for r in await _rows("SELECT xmin::text AS x FROM voter_mark")}
    assert ballots[0]["x"] not in voters


@pytest.mark.postgres_only
async def test_pg_dump_order_links_no_voter(areas: dict[str, Area], database: str) -> None:
    world = await _election(areas)
    [pg_dump] = sorted(glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1:]
    dump = subprocess.run(
        [pg_dump, "--data-only", "-t", "ballot", "-t", "ballot_mark", "-t", "receipt", database],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def copied(table: str) -> list[list[str]]:
        section = dump.split(f"COPY public.{table} ", 1)[1].split("\n", 1)[1]
        return [line.split("\t") for line in section.split("\n\\.\n", 1)[0].splitlines()]

    columns = dump.split("COPY public.ballot_mark (", 1)[1].split(")", 1)[0].split(", ")
    at = columns.index("ballot_id")
    ballots = [row[0] for row in copied("ballot")]
    marks = _first_seen([uuid.UUID(row[at]) for row in copied("ballot_mark")])
    assert await _linked(world, ballots) <= BY_CHANCE_AT_MOST
    assert await _linked(world, marks) <= BY_CHANCE_AT_MOST
    receipts = [row[0] for row in copied("receipt")]
    assert receipts == sorted(receipts)


def _session(cookie: str) -> dict[str, Any]:
    signed = TimestampSigner(str(settings.SECRET_KEY)).unsign(cookie.encode())
    return json.loads(base64.b64decode(signed))  # type: ignore[no-any-return]


async def test_the_session_cookie_never_holds_the_receipt(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process, proposals = await voting_process(areas, max_picks=2)
    await verified_voter("13900000001", areas[VILLAGE], 1)
    await login(client, "13900000001")
    [box] = await boxes_of(process)
    cast = await post(client, f"/vote/{box.id}/cast", {f"p{proposals[0].id}": "1"})
    seen = [client.cookies[SESSION_COOKIE]]
    if cast.status_code == 303:  # (the receipt used to wait in the cookie for this page)
        await client.get(cast.headers["location"])
    code = cast.text.split('id="receipt-code">')[1].split("<")[0] if cast.status_code == 200 else ""
    sessions = json.dumps([_session(cookie) for cookie in seen])
    sealed = await SealedBallot.all().values_list("receipt_hash", flat=True)
    assert len(sealed) == 1
    assert "receipt" not in sessions
    assert code and secrecy.normalise_receipt(code) not in secrecy.normalise_receipt(sessions)
    assert cast.headers.get("cache-control") == "no-store"


async def test_a_receipt_in_hand_finds_no_ballot_in_the_published_file(
    areas: dict[str, Area],
) -> None:
    world = await _election(areas)
    process = await Process.get(id=world["process"].id)
    text = dumps_pb(await pb_export(process, world["box"]))
    votes = text.split("\nVOTES\n", 1)[1].splitlines()[1:]
    assert [line.split(";")[0] for line in votes] == [str(n) for n in range(1, VOTERS + 1)]
    for code in world["receipts"]:
        for form in (code, secrecy.normalise_receipt(code), secrecy.receipt_hash(code)):
            assert form not in text
        # What the receipt does prove: counted, in this process, and nothing more.
        status = await services.receipt_status(code)
        assert status is not None and status.counted and status.process.id == process.id
    assert await Receipt.all().count() == VOTERS
    # The file's order is the counted table's random order: no better than chance either.
    contents = await _contents()
    by_content = {content: ballot for ballot, content in contents.items()}
    from votes.pabulib import parse_pb

    document = parse_pb(text)
    order = []
    for n in range(VOTERS):
        start, end = document.election.voter_ptr[n], document.election.voter_ptr[n + 1]
        chosen = frozenset(
            int(document.election.project_ids[i]) for i in document.election.project_idx[start:end]
        )
        order.append(by_content[chosen])
    assert await _linked(world, order) <= BY_CHANCE_AT_MOST


async def test_a_replacement_cannot_land_after_the_close(areas: dict[str, Area]) -> None:
    """Item 16: the phase is checked again inside the replacement's locked transaction."""
    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    [entry] = await roster_entries(areas[VILLAGE], 1)
    first = await services.ballot_cast(process, box, entry, {proposals[0].id: 1})
    # The close commits after the voter's request was checked against an open phase.
    await Process.filter(id=process.id).update(phase=Phase.TALLYING)
    with pytest.raises(services.BallotRefused, match="已经结束"):
        await services.replace_cast(box.id, entry.id, {proposals[1].id: 1}, secrecy.new_receipt())
    status = await services.receipt_status(first)
    assert status is not None  # the ballot cast while voting was open still stands
