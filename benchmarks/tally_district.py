"""District-scale tally: a million approval ballots in one box, through the admin's tally.

    .venv/bin/python benchmarks/tally_district.py [--ballots 1000000] [--marks 3]
                                                  [--url postgres://root@127.0.0.1:5432/postgres]

Seeds a throw-away PostgreSQL database (the demo district, a process in 计票 with one ballot
box over the district, 24 proposals, `--ballots` opened ballots of `--marks` picks each,
written by COPY), then, in a fresh child process, runs `tally_run` — what the admin's
action calls — while a task on the same event loop ticks every 10 ms: the longest tick is
how long a public page served by that process would have waited. It prints the time, the
child's peak memory, that stall and a second run on the unchanged box; then the child reads
the same box as the ORM rows the tally read before (the baseline) and prints the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--marks", type=int, default=3)
    parser.add_argument("--url", default="postgres://root@127.0.0.1:5432/postgres")
    parser.add_argument("--child", nargs=2, metavar=("URL", "PROCESS"), help=argparse.SUPPRESS)
    return parser.parse_args()


async def seed(url: str, ballots: int, marks: int) -> int:
    from core import db
    from core.demo import create_demo_areas
    from core.models import User
    from projects.models import (
        Category,
        Phase,
        Process,
        Proposal,
        ProposalStatus,
        TallyRule,
        VotingMethod,
    )
    from votes.ballots.boxes import boxes_of

    await db.open_database(url)
    try:
        areas = await create_demo_areas()
        villages = [a for a in areas.values() if a.code.endswith(("001", "002", "201", "202"))]
        author = await User.create(name="提案人", mobile="13600000000", password_hash="-")
        process = await Process.create(
            name="区级压测",
            area=areas["370104000000"],
            phase=Phase.TALLYING,
            budget_fen=600_000_000,
            voting_method=VotingMethod.APPROVAL,
            tally_rule=TallyRule.GREEDY,
            max_picks=marks,
        )
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
                for n in range(24 // len(villages))
            ]
        )
        (box,) = await boxes_of(process)
        ids = list(await Proposal.filter(process=process).values_list("id", flat=True))
        process_id = process.id
    finally:
        await db.close_database()
    conn = await asyncpg.connect(url)
    try:
        rng = random.Random(2027)
        for start in range(0, ballots, 100_000):
            batch = [
                uuid.UUID(int=rng.getrandbits(128)) for _ in range(min(100_000, ballots - start))
            ]
            await conn.copy_records_to_table(
                "ballot", records=[(b, box.id) for b in batch], columns=["id", "box_id"]
            )
            await conn.copy_records_to_table(
                "ballot_mark",
                records=[(b, p, 1) for b in batch for p in rng.sample(ids, marks)],
                columns=["ballot_id", "proposal_id", "value"],
            )
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return int(process_id)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def child(url: str, process_id: int) -> dict[str, Any]:
    from core import db
    from projects.models import Process
    from votes.models import Ballot, BallotMark
    from votes.results.services import tally_run

    await db.open_database(url)
    try:
        process = await Process.get(id=process_id)
        before = peak_mib()
        longest = 0.0
        running = True

        async def tick() -> None:
            nonlocal longest
            while running:
                started = time.perf_counter()
                await asyncio.sleep(0.01)
                longest = max(longest, time.perf_counter() - started - 0.01)

        ticker = asyncio.create_task(tick())
        started = time.perf_counter()
        await tally_run(None, process)
        seconds = time.perf_counter() - started
        running = False
        await ticker
        peak = peak_mib()
        started = time.perf_counter()
        await tally_run(None, process)
        again = time.perf_counter() - started
        started = time.perf_counter()
        rows = (
            await Ballot.filter(box__process_id=process_id)
            .order_by("id")
            .values_list("id", "receipt_hash")
        )
        marks = await BallotMark.filter(ballot__box__process_id=process_id).values_list(
            "ballot_id", "proposal_id", "value"
        )
        baseline = time.perf_counter() - started
        return {
            "seconds": seconds,
            "again": again,
            "stall_ms": 1000 * longest,
            "peak_mib": peak,
            "before_mib": before,
            "baseline": baseline,
            "rows": len(rows) + len(marks),
        }
    finally:
        await db.close_database()


def main() -> None:
    args = options()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child[0], int(args.child[1])))))
        return
    name = f"yishi_tally_{os.getpid()}"
    url = args.url.rsplit("/", 1)[0] + f"/{name}"
    admin = args.url.replace("postgres://", "postgresql://", 1)

    async def admin_sql(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    env = os.environ | {"YISHI_DATABASE_URL": url}
    try:
        yishi = str(Path(sys.executable).with_name("yishi"))
        subprocess.run([yishi, "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        process_id = asyncio.run(seed(url, args.ballots, args.marks))
        print(
            f"tally_district: {args.ballots:,} ballots, {args.ballots * args.marks:,} marks "
            f"seeded in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, str(process_id)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(
        f"  tally_run: {figures['seconds']:.2f} s, peak memory {figures['peak_mib']:.0f} MiB "
        f"({figures['before_mib']:.0f} MiB before), longest stall of the event loop "
        f"{figures['stall_ms']:.0f} ms"
    )
    print(f"  again on the unchanged box: {figures['again']:.2f} s")
    print(
        f"  baseline, the box read as ORM rows ({figures['rows']:,} rows): "
        f"{figures['baseline']:.2f} s; tally_run / baseline read = "
        f"{figures['seconds'] / figures['baseline']:.2f}"
    )


if __name__ == "__main__":
    main()
