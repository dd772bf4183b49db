"""The district dashboard at scale: every dashboard page from the kept figures, on PostgreSQL.

    .venv/bin/python benchmarks/dashboard.py [--url postgres://root@127.0.0.1:5432/postgres]
                                             [--roster 1000000] [--ballots 500000]

Seeds a throw-away database (migrated as in production, so the dashboard's triggers are
live): a district of 20 streets × 15 villages (300), five yearly district-wide processes
(2022–2026) with 4 proposals per village each (6,000), 60,000 supports, 30,000 comments,
two funded projects per village and year with their money and acceptances, a roster of
``--roster`` people (with the sex their ID numbers would state) and ``--ballots`` ballots
with their voter marks spread over the five years — all by COPY, through the triggers.
Then it counts turnout the way the periodic job does, and requests every dashboard page
(district, a street, a village; page, XLSX, JSON) through the real ASGI app with the page
cache off, printing p50/p95 per page beside a bare ``SELECT 1`` through the same pool and
their ratio. The XLSX is also asked for after a write that changes its figures each time,
so the kept workbook cannot answer.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STREETS, VILLAGES, YEARS = 20, 15, (2022, 2023, 2024, 2025, 2026)
DISTRICT = "370199000000"
CATEGORIES = ("road", "water", "lighting", "sanitation", "culture", "elderly", "education", "other")
ROUNDS = 30
WRITE_FIRST = "district XLSX, after a write"
# One more fen paid on a project of the year the XLSX reports (2025: the fourth process).
REPORTED_PAYMENT = (
    "UPDATE award SET disbursed_fen = disbursed_fen + 1 WHERE proposal_id = "
    f"(SELECT MIN(id) FROM proposal WHERE process_id = {YEARS.index(2025) + 1})"
)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="postgres://root@127.0.0.1:5432/postgres")
    parser.add_argument("--roster", type=int, default=1_000_000)
    parser.add_argument("--ballots", type=int, default=500_000)
    parser.add_argument("--keep", help="leave the database behind under this name (profiling)")
    parser.add_argument("--seeded", action="store_true", help="with --keep: measure it again")
    return parser.parse_args()


class Copier:
    """COPY rows into a table, filling each NOT NULL column the rows leave out with a
    neutral value of its type (the models' defaults live in Python, not in the schema)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def copy(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        needed = await self.conn.fetch(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 "
            "AND is_nullable = 'NO' AND column_default IS NULL",
            table,
        )
        now = dt.datetime.now(dt.UTC)
        neutral = {
            "integer": 0,
            "bigint": 0,
            "smallint": 0,
            "boolean": False,
            "text": "",
            "character varying": "",
            "numeric": 0,
            "date": now.date(),
            "timestamp with time zone": now,
            "jsonb": "{}",
            "json": "{}",
        }
        columns = list(rows[0])
        fill = {
            c["column_name"]: neutral[c["data_type"]]
            for c in needed
            if c["column_name"] not in columns
        }
        names = [*columns, *fill]
        records = [(*(r[c] for c in columns), *fill.values()) for r in rows]
        await self.conn.copy_records_to_table(table, records=records, columns=names)


async def _next_id(conn: asyncpg.Connection, table: str) -> int:
    return int(await conn.fetchval(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"'))


async def _areas(c: Copier) -> list[int]:
    rows = [
        dict(
            id=1,
            code=DISTRICT,
            name="压测区",
            kind="district",
            parent_id=None,
            path=f"/{DISTRICT}/",
            population=900_000,
            households=300_000,
        )
    ]
    villages = []
    for s in range(1, STREETS + 1):
        code = f"370199{s:03d}000"
        street_id = len(rows) + 1
        rows.append(
            dict(
                id=street_id,
                code=code,
                name=f"第{s}街道",
                kind="street",
                parent_id=1,
                path=f"/{DISTRICT}/{code}/",
                population=45_000,
                households=15_000,
            )
        )
        for v in range(1, VILLAGES + 1):
            vcode = f"370199{s:03d}{200 + v:03d}"
            villages.append(len(rows) + 1)
            rows.append(
                dict(
                    id=len(rows) + 1,
                    code=vcode,
                    name=f"{s}街{v}村",
                    kind="village",
                    parent_id=street_id,
                    path=f"/{DISTRICT}/{code}/{vcode}/",
                    population=3_000,
                    households=1_000,
                )
            )
    await c.copy("area", rows)
    await c.conn.execute(
        "SELECT setval(pg_get_serial_sequence('area', 'id'), (SELECT MAX(id) FROM area))"
    )
    return villages


async def seed(url: str, roster: int, ballots: int) -> None:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    c = Copier(conn)
    rng = random.Random(2027)
    try:
        villages = await _areas(c)
        await c.copy(
            "user_account",
            [
                dict(id=i, name=f"居民{i}", mobile=f"136{i:08d}", password_hash="-", is_active=True)
                for i in range(1, 1001)
            ],
        )
        await conn.execute("SELECT setval(pg_get_serial_sequence('user_account', 'id'), 1000)")
        pid = proposal_id = award_id = 1
        entry_ids: list[int] = []
        # The roster: born 1935–2006, spread over the villages.
        for start in range(0, roster, 100_000):
            batch = [
                dict(
                    id=n + 1,
                    area_id=villages[n % len(villages)],
                    id_hash=uuid.UUID(int=rng.getrandbits(128)).hex + "0" * 32,
                    name="村民",
                    birth_date=dt.date(1935 + n % 72, 1 + n % 12, 1 + n % 28),
                    # As the import reads it from the ID number (odd 17th digit: male).
                    sex="m" if (n // 7) % 2 else "f",
                    voted=False,
                )
                for n in range(start, min(roster, start + 100_000))
            ]
            await c.copy("roster_entry", batch)
            entry_ids += [r["id"] for r in batch]
        per_year = ballots // len(YEARS)
        for year in YEARS:
            await c.copy(
                "process",
                [
                    dict(
                        id=pid,
                        name=f"{year} 年度一事一议",
                        area_id=1,
                        budget_fen=2_000_000_000,
                        phase="closed",
                        voting_method="approval",
                        tally_rule="greedy",
                        min_voter_age=18,
                        voting_end=dt.date(year, 10, 15),
                        subsidy_ratio=Decimal(1),
                        publicity_days=7,
                        description="",
                    )
                ],
            )
            await c.copy(
                "phase_log",
                [
                    dict(
                        process_id=pid,
                        phase="funded",
                        entered_at=dt.datetime(year, 11, 1, tzinfo=dt.UTC),
                    )
                ],
            )
            await c.copy(
                "ballot_box",
                [dict(id=pid, key=f"{pid}:0", process_id=pid, area_id=1, budget_fen=2_000_000_000)],
            )
            await c.copy(
                "tally_snapshot",
                [
                    dict(
                        id=pid,
                        box_id=pid,
                        rule="greedy",
                        rule_version="1",
                        input_hash=f"h{pid}",
                        ballots=per_year,
                        result="{}",
                    )
                ],
            )
            proposals, awards, plans, milestones = [], [], [], []
            for v in villages:
                for k in range(4):
                    funded = k < 2
                    proposals.append(
                        dict(
                            id=proposal_id,
                            process_id=pid,
                            area_id=v,
                            author_id=1 + proposal_id % 1000,
                            title="压测提案",
                            category=CATEGORIES[(v + k) % 8],
                            status="completed" if funded else "not_funded",
                            total_cost_fen=30_000_000,
                            requested_subsidy_fen=20_000_000,
                            meeting_kind="villagers",
                        )
                    )
                    if funded:
                        awards.append(
                            dict(
                                id=award_id,
                                proposal_id=proposal_id,
                                snapshot_id=pid,
                                votes=100,
                                subsidy_fen=20_000_000,
                                confirmed_fen=19_000_000,
                                disbursed_fen=15_000_000,
                            )
                        )
                        plans.append(
                            dict(
                                proposal_id=proposal_id,
                                planned_start=dt.date(year + 1, 3, 1),
                                planned_finish=dt.date(year + 1, 9, 30),
                            )
                        )
                        milestones.append(
                            dict(
                                proposal_id=proposal_id,
                                kind="accept",
                                happened_on=dt.date(year + 1, 8 + (v + k) % 3, 15),
                                progress_pct=100,
                                note="",
                            )
                        )
                        award_id += 1
                    proposal_id += 1
            await c.copy("proposal", proposals)
            await c.copy("award", awards)
            await c.copy("work_plan", plans)
            await c.copy("milestone", milestones)
            first = proposals[0]["id"]
            await c.copy(
                "support",
                [
                    dict(proposal_id=first + i % len(proposals), user_id=1 + i // len(proposals))
                    for i in range(12_000)
                ],
            )
            await c.copy(
                "comment",
                [
                    dict(
                        subject_type="proposal",
                        subject_id=first + i % len(proposals),
                        area_id=proposals[i % len(proposals)]["area_id"],
                        author_id=1 + i % 1000,
                        body="意见",
                        visibility="visible",
                        is_official=False,
                    )
                    for i in range(6_000)
                ],
            )
            voters = rng.sample(entry_ids, per_year)
            await c.copy(
                "voter_mark",
                [
                    dict(box_id=pid, entry_id=e, id_hash=f"{e:064d}", channel="online")
                    for e in voters
                ],
            )
            await c.copy(
                "ballot",
                [
                    dict(id=uuid.UUID(int=rng.getrandbits(128)), box_id=pid, channel="online")
                    for _ in range(per_year)
                ],
            )
            pid += 1
        for table in ("proposal", "process", "award", "ballot_box", "tally_snapshot"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def measure(url: str) -> None:
    os.environ["YISHI_PAGE_CACHE_ENTRIES"] = "0"  # every request renders: nothing kept
    import httpx
    from tortoise import connections

    from app.factory import create_app
    from core import db
    from insight import turnout
    from projects.models import Process

    await db.open_database(url)
    try:
        started = time.perf_counter()
        for process in await Process.all():
            await turnout.recount_process(process)
        print(
            "  turnout job (5 processes, roster and voter marks): "
            f"{time.perf_counter() - started:.2f} s"
        )
        client = connections.get("default")
        base = []
        for _ in range(ROUNDS * 3):
            t = time.perf_counter()
            await client.execute_query("SELECT 1")
            base.append((time.perf_counter() - t) * 1000)
        baseline = statistics.median(base)
        print(f"  baseline SELECT 1: p50 {baseline:.2f} ms, p95 {_p95(base):.2f} ms")
        app = create_app(manage_database=False)
        transport = httpx.ASGITransport(app=app)
        pages = {
            "district page": "/dashboard?year=2025",
            "street page": "/dashboard?area=370199007000&year=2025",
            "village page": "/dashboard?area=370199007203&year=2025",
            "district, latest year": "/dashboard",
            "district XLSX": "/dashboard.xlsx?year=2025",
            # A payment recorded before each download: the kept workbook no longer holds.
            WRITE_FIRST: "/dashboard.xlsx?year=2025",
            "district JSON (API)": "/api/v1/dashboard?year=2025",
            "street JSON (API)": "/api/v1/dashboard?area=370199007000&year=2024",
        }
        async with httpx.AsyncClient(transport=transport, base_url="https://bench") as http:
            worst = 0.0
            for name, path in pages.items():
                times = []
                for i in range(ROUNDS + 3):
                    if name == WRITE_FIRST:
                        await client.execute_query(REPORTED_PAYMENT)
                    t = time.perf_counter()
                    response = await http.get(path)
                    elapsed = (time.perf_counter() - t) * 1000
                    assert response.status_code == 200, (path, response.status_code)
                    if i >= 3:  # the first requests warm the templates and statements
                        times.append(elapsed)
                p50, p95 = statistics.median(times), _p95(times)
                worst = max(worst, p95)
                print(
                    f"  {name:30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                    f"p50/SELECT 1 = {p50 / baseline:6.0f}×"
                )
        print(
            f"  slowest p95: {worst:.1f} ms ({'under' if worst < 200 else 'OVER'} the 200 ms goal)"
        )
    finally:
        await db.close_database()


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


def main() -> None:
    args = options()
    name = args.keep or f"yishi_dashboard_{os.getpid()}"
    url = args.url.rsplit("/", 1)[0] + f"/{name}"
    admin = args.url.replace("postgres://", "postgresql://", 1)

    async def admin_sql(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    if args.keep and args.seeded:
        asyncio.run(measure(url))
        return
    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    env = os.environ | {"YISHI_DATABASE_URL": url}
    try:
        yishi = str(Path(sys.executable).with_name("yishi"))
        subprocess.run([yishi, "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        asyncio.run(seed(url, args.roster, args.ballots))
        print(
            f"dashboard: 300 villages, 5 years, {args.roster:,} roster rows, {args.ballots:,} "
            f"ballots seeded (through the triggers) in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        asyncio.run(measure(url))
    finally:
        if not args.keep:
            asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
