"""Faults: the app killed mid-rush, PostgreSQL restarted under load.

Real app processes on a private PostgreSQL cluster, driven over real HTTP (log in, CSRF
token, the cast form), checked behind the app's back with SQL.
"""

from __future__ import annotations

import asyncio
import random
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from nacl.public import PrivateKey
from ops.appserver import AppProcess, app_env, log_in, marks_form, post_form, seed
from ops.cluster import Cluster, init_primary, wait_until

from votes.sealing import sealed, shamir

pytestmark = pytest.mark.postgres_only

VOTERS = 40
RUSH_SPACING = 0.005  # seconds between two voters' casts in the rush


async def _voter_client(app: AppProcess, mobile: str, password: str) -> httpx.AsyncClient:
    http = app.client()
    await log_in(http, mobile, password)
    return http


async def _clients(app: AppProcess, seeded: dict[str, Any]) -> list[httpx.AsyncClient]:
    """One logged-in session per voter (a few at a time: argon2 is meant to be slow)."""
    gate = asyncio.Semaphore(4)

    async def one(voter: dict[str, Any]) -> httpx.AsyncClient:
        async with gate:
            return await _voter_client(app, voter["mobile"], seeded["password"])

    return list(await asyncio.gather(*[one(v) for v in seeded["voters"]]))


async def _cast(http: httpx.AsyncClient, box_id: int, picks: list[int]) -> httpx.Response:
    return await post_form(http, f"/vote/{box_id}/cast", marks_form(picks))


async def _whole_ballots(primary: Cluster, seeded: dict[str, Any]) -> dict[str, list[int]]:
    """Check that no ballot is half-written; return each voter key's marked proposals."""
    ballots = await primary.sql("SELECT voter_key, sealed FROM sealed_ballot")
    private = PrivateKey(
        shamir.combine([shamir.share_from_text(t) for t in seeded["shares"][:2]])
    )  # the committee's shares open the sealed ballots, as at the close
    by_key = {
        row["voter_key"]: sorted(sealed.unseal(private, bytes(row["sealed"]))) for row in ballots
    }
    assert len(by_key) == len(ballots), "two counted ballots for one voter"
    assert all(by_key.values()), "a ballot without its marks"
    marked = await primary.sql("SELECT entry_id FROM voter_mark WHERE channel = 'online'")
    voted = await primary.sql("SELECT id FROM roster_entry WHERE voted")
    key_of = {v["entry_id"]: v["voter_key"] for v in seeded["voters"]}
    assert {key_of[r["entry_id"]] for r in marked} == set(by_key), "voter mark ≠ ballot"
    assert {r["id"] for r in voted} == {r["entry_id"] for r in marked}, "voted flag ≠ mark"
    return by_key


async def test_killing_the_app_mid_rush_loses_no_answered_ballot_and_halves_none(
    pg_root: Path, app_processes: list[AppProcess]
) -> None:
    started = time.monotonic()
    primary = await init_primary(pg_root)
    env = app_env(pg_root / "var", primary.url())
    seeded = seed(env, VOTERS)
    box, proposals = seeded["box_id"], seeded["proposal_ids"]
    app = AppProcess(env, pg_root / "app.log")
    app_processes.append(app)
    await app.start()
    ready = time.monotonic()
    clients = await _clients(app, seeded)
    logged_in = time.monotonic()
    # A quarter voted before the rush: their rush ballot replaces the first one.
    for http in clients[: VOTERS // 4]:
        assert (await _cast(http, box, [proposals[0]])).status_code == 200
    rng = random.Random(8)
    picks = [sorted(rng.sample(proposals[1:], rng.choice((1, 2)))) for _ in clients]
    answered: dict[int, httpx.Response] = {}
    enough = asyncio.Event()

    async def rush(i: int) -> None:
        # Arrivals spread over 0.2 s, as phones arrive: casts that arrive together are
        # written together (votes.ballots.rush), so 40 sent at once were sometimes all
        # answered before the kill could land.
        await asyncio.sleep(i * RUSH_SPACING)
        try:
            answered[i] = await _cast(clients[i], box, picks[i])
        except httpx.TransportError:
            return  # no answer: the app died under this request
        if sum(r.status_code == 200 for r in answered.values()) >= VOTERS // 3:
            enough.set()

    rushing = [asyncio.create_task(rush(i)) for i in range(VOTERS)]
    await asyncio.wait_for(enough.wait(), 30)
    app.kill(signal.SIGKILL)
    await asyncio.gather(*rushing)
    killed = time.monotonic()
    succeeded = {i for i, r in answered.items() if r.status_code == 200}
    assert VOTERS // 3 <= len(succeeded) < VOTERS, "the kill did not land mid-rush"
    assert all(r.status_code == 200 for r in answered.values()), "a cast refused in the rush"

    restarted = AppProcess(env, pg_root / "app-restarted.log")
    app_processes.append(restarted)
    await restarted.start()
    # PostgreSQL rolls back what the dead process left open as soon as it sees it gone.
    await wait_until(lambda: _no_open_transactions(primary), 10, "the dead sessions to end")
    ballots = await _whole_ballots(primary, seeded)
    keys = [v["voter_key"] for v in seeded["voters"]]
    for i in succeeded:
        assert ballots[keys[i]] == picks[i], f"answered ballot {i} lost or changed"
    for i in range(VOTERS // 4):
        assert ballots[keys[i]] in ([proposals[0]], picks[i]), "replacement half-done"

    # The restarted app takes the ballots that got no answer; the sessions survived.
    for i in set(range(VOTERS)) - succeeded:
        async with restarted.client(cookies=clients[i].cookies) as http:
            assert (await _cast(http, box, picks[i])).status_code == 200
    ballots = await _whole_ballots(primary, seeded)
    assert len(ballots) == VOTERS
    assert all(ballots[keys[i]] == picks[i] for i in range(VOTERS))
    for http in clients:
        await http.aclose()
    print(
        f"\nkill mid-rush: {len(succeeded)}/{VOTERS} answered before the kill; cluster+seed+"
        f"start {ready - started:.1f} s, logins {logged_in - ready:.1f} s, rush "
        f"{killed - logged_in:.1f} s, restart+checks {time.monotonic() - killed:.1f} s"
    )


async def _no_open_transactions(primary: Cluster) -> bool:
    rows = await primary.sql(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname ="
        " 'yishi' AND state LIKE 'idle in transaction%'"
    )
    return rows[0]["n"] == 0


UNAVAILABLE_PAGE = "服务暂不可用"


Seen = list[tuple[float, float, str, int]]  # sent, answered, who, status (0: no answer)


async def _load(
    app: AppProcess, signed_in: httpx.AsyncClient, process_id: int, seen: Seen, stop: asyncio.Event
) -> None:
    """Anonymous and signed-in readers, all the time, recording every answer."""
    async with app.client(timeout=10) as anonymous:
        while not stop.is_set():
            for name, http, path in (
                ("anon", anonymous, f"/processes/{process_id}"),
                ("signed-in", signed_in, "/"),
                ("health", anonymous, "/healthz"),
            ):
                sent = time.monotonic()
                try:
                    status = (await http.get(path)).status_code
                except httpx.TransportError:
                    status = 0
                seen.append((sent, time.monotonic(), name, status))
            await asyncio.sleep(0.02)


async def _down_page(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)
    assert response.status_code == 503, (path, response.status_code, response.text[:300])
    assert UNAVAILABLE_PAGE in response.text and response.headers["retry-after"] == "10"
    assert "Traceback" not in response.text


async def test_postgres_restart_under_load_answers_503_then_recovers_by_itself(
    pg_root: Path, app_processes: list[AppProcess]
) -> None:
    primary = await init_primary(pg_root)
    env = app_env(pg_root / "var", primary.url())
    seeded = seed(env, 2)
    process_id, box = seeded["process_id"], seeded["box_id"]
    app = AppProcess(env, pg_root / "app.log")
    app_processes.append(app)
    await app.start()
    voter = await _voter_client(app, seeded["voters"][0]["mobile"], seeded["password"])
    seen: Seen = []
    stop = asyncio.Event()
    load = asyncio.create_task(_load(app, voter, process_id, seen, stop))
    await asyncio.sleep(0.5)

    # Fast shutdown terminates the sessions in flight: the restart's worst moment.
    await asyncio.to_thread(primary.stop, "fast")
    down = time.monotonic()
    async with app.client() as anonymous:
        await _down_page(anonymous, f"/processes/{process_id}")
        await _down_page(anonymous, "/healthz")
    await _down_page(voter, "/")  # the signed-in person is loaded in a middleware
    await _down_page(voter, f"/vote/{box}")

    async def load_saw_outage() -> bool:
        outage = [who for sent, _, who, s in seen if sent >= down and s == 503]
        return all(outage.count(who) >= 3 for who in ("anon", "signed-in", "health"))

    await wait_until(load_saw_outage, 10, "the load to meet the outage")
    up = time.monotonic()
    await asyncio.to_thread(primary.start)

    async def serving() -> bool:
        recent = [s for sent, _, _, s in seen if sent > time.monotonic() - 0.3]
        return bool(recent) and all(s == 200 for s in recent)

    recovered = await wait_until(serving, 15, "the same app process to serve again", 0.1)
    stop.set()
    await load
    assert (await _cast(voter, box, [seeded["proposal_ids"][0]])).status_code == 200
    await voter.aclose()
    during = {s for sent, answered, _, s in seen if down <= sent and answered <= up}
    assert during == {503}, f"while PostgreSQL was down the app answered {during}"
    assert {s for *_, s in seen} <= {200, 503}, app.log_text()[-4000:]  # 500: a crash
    assert app.proc is not None and app.proc.poll() is None  # never restarted
    crashes = ("Exception in ASGI application", "unhandled error")
    assert not any(c in app.log_text() for c in crashes), app.log_text()[-3000:]
    print(
        f"\nPostgreSQL restart: down {up - down:.1f} s, {len(seen)} requests, "
        f"served again {recovered:.2f} s after the server came back"
    )
