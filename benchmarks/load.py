"""Load: ballots cast per second and results pages served, against a bare asyncpg ceiling.

    .venv/bin/python benchmarks/load.py [--voters 60000] [--workers 2] [--concurrency 32]
                                        [--duration 10] [--url postgres://root@127.0.0.1:5432/postgres]

One command, bounded in time (about a minute and a half). It creates a throw-away PostgreSQL
database, migrates it with `yishi migrate`, seeds the demo district with a process in voting,
a tallied process in publicity and `--voters` verified residents (each with a session cookie
and CSRF token minted before timing), then starts two apps, each as `--workers` uvicorn
processes with a port each (as nginx's upstream block lists them), production settings and
the access log off:

- the ceiling (benchmarks/ceiling_app.py): a Starlette POST doing one asyncpg INSERT, and a
  GET doing one SELECT;
- Yishi itself (app.asgi:app).

A separate load-generator process (benchmarks/load_client.py), its connections spread evenly
over an app's ports, then holds `--concurrency` requests in flight on loopback for
`--duration` seconds per phase: ceiling POST, ballot casting (the real final POST
/vote/{box}/cast, each voter once), ceiling GET, public results page, and the public pages
a results-day crowd reads (home, process, results, award list, notice, objections, a
proposal, consultations, open data and its API, in turn). Only 2xx/3xx count.

Each phase is compared with its ceiling, and a shared machine's load drifts over a minute:
so the phases compared run in turns, `--slices` short runs each, in the order A B B A A B …
(the writes: ceiling POST and casting; the reads: ceiling GET, results page, public pages),
and each phase's figures are those of all its turns together. A burst of someone else's
work then falls on both sides of a ratio instead of on one.
Afterwards the database must hold exactly as many ballots as casts were answered with
success. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from load_client import percentile

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=60000)
    parser.add_argument(
        "--workers", type=int, default=2, help="app processes per server, one port each"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument(
        "--pool", type=int, default=0, help="asyncpg pool size per worker (0: the app's default)"
    )
    parser.add_argument(
        "--url",
        default="postgres://root@127.0.0.1:5432/postgres",
        help="a server and a database to connect to while creating ours",
    )
    parser.add_argument(
        "--slices", type=int, default=4, help="turns each of the phases compared takes"
    )
    parser.add_argument("--keep", action="store_true", help="keep servers' stderr on screen")
    return parser.parse_args()


def database_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


async def create_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def prepare(url: str, voters: int) -> dict[str, Any]:
    """Seed through the app's own models and services (settings come from os.environ)."""
    from ceiling_app import SCHEMA
    from load_seed import seed

    from core import db

    await db.open_database(url)
    try:
        seeded = await seed(voters)
    finally:
        await db.close_database()
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(SCHEMA)
        proposal = await conn.fetchval(
            "SELECT min(id) FROM proposal WHERE process_id = $1", seeded.closed.id
        )
    finally:
        await conn.close()
    return {
        "proposal": proposal,
        "voting": seeded.voting.id,
        "boxes": seeded.voting_box_ids,
        "closed": seeded.closed.id,
        "voters": seeded.voters,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class App:
    ports: list[int]
    pids: list[int]


@contextmanager
def servers(
    app: str, count: int, env: dict[str, str], quiet: bool, app_dir: Path = ROOT
) -> Iterator[App]:
    """`count` single-worker uvicorn processes, each on its own port.

    Not `uvicorn --workers N`: its workers share one listening socket, and whichever is
    awake accepts a whole burst of new connections, so the generator's 32 keep-alive
    connections often all landed on one worker while the other idled (measured: 4.55 s of
    CPU against 0.0 s in one casting phase), and the figures swung by half from run to run.
    One port per worker, listed in nginx's upstream block, is how the README deploys it,
    and the generator spreads its connections over the ports as nginx would."""
    with ExitStack() as stack:
        ports = [free_port() for _ in range(count)]
        pids = [stack.enter_context(_server(app, port, env, quiet, app_dir)) for port in ports]
        yield App(ports, pids)


@contextmanager
def _server(app: str, port: int, env: dict[str, str], quiet: bool, app_dir: Path) -> Iterator[int]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--app-dir",
        str(app_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    try:
        wait_until_up(port, process)
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers: a 404 is an answer
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def raw_request(method: str, path: str, cookie: str = "", body: str = "") -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if method == "POST":
        lines += [
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body.encode())}",
        ]
    return "\r\n".join(lines) + "\r\n\r\n" + body


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time these processes have used so far (Linux /proc)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """Every PostgreSQL process on the machine (backends and background workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "cmdline").read_bytes().startswith(b"postgres"):
                found.append(int(entry.name))
    return found


def generate(
    app: App, requests: list[str], *, once: bool, concurrency: int, duration: float
) -> dict[str, Any]:
    """Run the load generator in its own process; its JSON figures come back, with the CPU
    the app's processes and PostgreSQL spent per request served."""
    database = postgres_pids()
    before = cpu_seconds(app.pids), cpu_seconds(database)
    figures = _generate(app.ports, requests, once=once, concurrency=concurrency, duration=duration)
    figures["app_s"] = cpu_seconds(app.pids) - before[0]
    figures["postgres_s"] = cpu_seconds(database) - before[1]
    return _per_request(figures)


def _per_request(figures: dict[str, Any]) -> dict[str, Any]:
    served = max(figures["ok"], 1)
    figures["app_us"] = 1e6 * figures["app_s"] / served
    figures["postgres_us"] = 1e6 * figures["postgres_s"] / served
    return figures


@dataclass(frozen=True)
class Phase:
    app: App
    requests: list[str]
    once: bool  # each request sent once (a voter casts once): turns go on down the list


def in_turns(
    phases: dict[str, Phase], *, slices: int, concurrency: int, duration: float, url: str
) -> dict[str, dict[str, Any]]:
    """Phases that are compared with each other, `slices` turns each in the order A B B A
    A B …, `duration` seconds each in all; a phase's figures are those of its turns
    together."""
    turns: dict[str, list[dict[str, Any]]] = {label: [] for label in phases}
    sent = dict.fromkeys(phases, 0)
    order = list(phases)
    for turn in range(slices):
        for label in order if turn % 2 == 0 else order[::-1]:
            phase = phases[label]
            settle(url)
            figures = generate(
                phase.app,
                phase.requests[sent[label] :] if phase.once else phase.requests,
                once=phase.once,
                concurrency=concurrency,
                duration=duration / slices,
            )
            # Every request taken before the deadline was sent, in order; none after it.
            sent[label] += sum(figures["statuses"].values()) + sum(figures["errors"].values())
            turns[label].append(figures)
    return {label: _together(parts) for label, parts in turns.items()}


def _together(parts: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = sorted(ms for part in parts for ms in part["latencies_ms"])
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for part in parts:
        statuses.update(part["statuses"])
        errors.update(part["errors"])
    elapsed = sum(part["elapsed"] for part in parts)
    return _per_request(
        {
            "ok": len(latencies),
            "elapsed": elapsed,
            "rate": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.50),
            "p99_ms": percentile(latencies, 0.99),
            "max_ms": latencies[-1] if latencies else 0.0,
            "statuses": dict(statuses),
            "errors": dict(errors),
            "app_s": sum(part["app_s"] for part in parts),
            "postgres_s": sum(part["postgres_s"] for part in parts),
        }
    )


def _generate(
    ports: list[int], requests: list[str], *, once: bool, concurrency: int, duration: float
) -> dict[str, Any]:
    spec = {
        "ports": ports,
        "requests": requests,
        "once": once,
        "concurrency": concurrency,
        "duration": duration,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(spec, file)
    try:
        out = subprocess.run(
            [sys.executable, str(HERE / "load_client.py"), file.name],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(file.name)
    return dict(json.loads(out.stdout))


def report(label: str, figures: dict[str, Any]) -> None:
    bad = {k: v for k, v in figures["statuses"].items() if not 200 <= int(k) < 400}
    trouble = ""
    if bad or figures["errors"]:
        trouble = f"  refused {bad} errors {figures['errors']}"
    print(
        f"  {label:<26} {figures['rate']:8.0f}/s  p50 {figures['p50_ms']:6.1f} ms"
        f"  p99 {figures['p99_ms']:6.1f} ms  CPU a request: app {figures['app_us']:4.0f} µs,"
        f" PostgreSQL {figures['postgres_us']:4.0f} µs  ({figures['ok']:,} ok){trouble}",
        flush=True,
    )


async def count_rows(url: str, box_ids: list[int]) -> tuple[int, int, int]:
    conn = await asyncpg.connect(url)
    try:
        ballots = await conn.fetchval(
            "SELECT count(*) FROM sealed_ballot WHERE box_id = ANY($1)", box_ids
        )
        marks = await conn.fetchval(
            "SELECT count(*) FROM voter_mark WHERE box_id = ANY($1)", box_ids
        )
        ceiling = await conn.fetchval("SELECT count(*) FROM ceiling_ballot")
        return int(ballots), int(marks), int(ceiling)
    finally:
        await conn.close()


def settle(url: str) -> None:
    """Before each timed phase: the last phase's rows vacuumed and flushed, so that neither
    app pays in its phase for the other's leftovers (autovacuum after ~100,000 ceiling
    inserts, a checkpoint)."""

    async def vacuum() -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("VACUUM ANALYZE")
            with contextlib.suppress(asyncpg.InsufficientPrivilegeError):
                await conn.execute("CHECKPOINT")
        finally:
            await conn.close()

    asyncio.run(vacuum())


def run_phases(
    args: argparse.Namespace, url: str, plan: dict[str, Any], env: dict[str, str]
) -> dict[str, dict[str, Any]]:
    pool = str(args.pool or 5)
    yishi_url = url + (f"?minsize=1&maxsize={args.pool}" if args.pool else "")
    yishi_env = env | {"YISHI_DATABASE_URL": yishi_url}
    ceiling_env = env | {"CEILING_DSN": url, "CEILING_POOL_SIZE": pool}
    load = {"concurrency": args.concurrency, "duration": args.duration}
    warm = {"concurrency": args.concurrency, "duration": 1.0}
    results = raw_request("GET", f"/processes/{plan['closed']}/results")
    ceiling_get = raw_request("GET", "/results")
    figures: dict[str, dict[str, Any]] = {}
    with (
        servers(
            "ceiling_app:app", args.workers, ceiling_env, not args.keep, app_dir=HERE
        ) as ceiling,
        servers("app.asgi:app", args.workers, yishi_env, not args.keep) as yishi,
    ):
        ceiling_cast = raw_request("POST", "/cast", body=plan["voters"][0].cast_body())
        generate(ceiling, [ceiling_get], once=False, **warm)
        generate(yishi, [results], once=False, **warm)
        casts = [
            raw_request("POST", f"/vote/{v.box_id}/cast", v.cookie, v.cast_body())
            for v in plan["voters"]
        ]
        writes = {
            "ceiling POST (1 INSERT)": Phase(ceiling, [ceiling_cast], once=False),
            "ballot casting": Phase(yishi, casts, once=True),
        }
        reads = {
            "ceiling GET (1 SELECT)": Phase(ceiling, [ceiling_get], once=False),
            "results page": Phase(yishi, [results], once=False),
            "public pages": Phase(yishi, public_pages(plan), once=False),
        }
        figures |= in_turns(writes, slices=args.slices, url=url, **load)
        figures |= in_turns(reads, slices=args.slices, url=url, **load)
        # One at a time: how long one page takes to serve, without a queue in front of it.
        figures["results page, 1 in flight"] = generate(
            yishi, [results], once=False, concurrency=1, duration=3.0
        )
    return figures


def public_pages(plan: dict[str, Any]) -> list[str]:
    """What a crowd reads on results day, each page as an anonymous visitor asks for it."""
    closed = f"/processes/{plan['closed']}"
    paths = [
        "/",
        "/processes",
        closed,
        f"{closed}/results",
        f"{closed}/awards",
        f"{closed}/awards/notice",
        f"{closed}/objections",
        f"/proposals/{plan['proposal']}",
        "/consult",
        f"/api/v1{closed}/results",
        "/open-data",
    ]
    return [raw_request("GET", path) for path in paths]


def main() -> None:
    args = options()
    name = f"yishi_load_{os.getpid()}"
    url = database_url(args.url, name)
    env = os.environ | {
        "YISHI_DATABASE_URL": url,
        "YISHI_PRODUCTION": "true",
        "YISHI_SECRET_KEY": secrets.token_urlsafe(48),
        "YISHI_DEBUG": "false",
    }
    os.environ.update(env)  # the seeding step below reads core.settings from here
    started = time.perf_counter()
    asyncio.run(create_database(args.url, name))
    try:
        subprocess.run(
            [str(Path(sys.executable).with_name("yishi")), "migrate"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        plan = asyncio.run(prepare(url, args.voters))
        print(
            f"load: {args.voters:,} voters seeded in {time.perf_counter() - started:.0f} s; "
            f"{args.workers} workers per server, {args.concurrency} in flight, "
            f"{args.duration:g} s per phase, {os.cpu_count()} cores",
            flush=True,
        )
        figures = run_phases(args, url, plan, env)
        ballots, marks, ceiling_rows = asyncio.run(count_rows(url, plan["boxes"]))
    finally:
        asyncio.run(drop_database(args.url, name))
    for label, result in figures.items():
        report(label, result)
    cast, results = figures["ballot casting"], figures["results page"]
    ceiling_post = figures["ceiling POST (1 INSERT)"]
    ceiling_get = figures["ceiling GET (1 SELECT)"]
    print(
        f"  stored: {ballots:,} ballots and {marks:,} voter marks for {cast['ok']:,} casts "
        f"answered; {ceiling_rows:,} ceiling rows for {ceiling_post['ok']:,} inserts"
    )
    if not ballots == marks == cast["ok"] or ceiling_rows != ceiling_post["ok"]:
        raise SystemExit("load: the database does not hold what the servers acknowledged")
    if cast["ok"] >= len(plan["voters"]):
        print("  (every voter cast before time ran out: raise --voters for a full phase)")
    alone = figures["results page, 1 in flight"]
    print(
        f"  results page: {results['rate'] / ceiling_get['rate']:.2f} x ceiling GET; "
        f"served in {alone['p50_ms']:.1f} ms (p50, one at a time)"
    )
    public = figures["public pages"]
    print(f"  total {time.perf_counter() - started:.0f} s")
    print(
        f"public pages: {public['rate'] / ceiling_get['rate']:.2f} x ceiling, "
        f"p99 {round(public['p99_ms'])} ms"
    )
    print(
        f"ballot casting: {cast['rate'] / ceiling_post['rate']:.2f} x ceiling, "
        f"p99 {round(cast['p99_ms'])} ms"
    )


if __name__ == "__main__":
    main()
