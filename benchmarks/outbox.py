"""A vote opening told to a whole district: ``notify()`` for N people against a bare COPY.

    python benchmarks/outbox.py [--people 100000] [--url postgres://root@127.0.0.1:5432/test]

Creates a throw-away PostgreSQL database, migrates it, inserts N accounts (generate_series),
and times, in the same run:

- ``notify(all N ids, note, dedupe_key=…)`` inside one transaction, as an event calls it
  (chunked dedupe check + batched inserts, one NOTIFY for the workers), then the same call
  again (everyone already told: the dedupe path alone);
- the worker's fan-out of those N messages into deliveries (``fan_out`` until done);
- the baseline: asyncpg ``copy_records_to_table`` of N equivalent rows into a bare table.

Then it drops the database. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import resource
import secrets
import sys
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tortoise.transactions import in_transaction

from core import db, migrations
from notify import delivery
from notify.kinds import Kind
from notify.services import Note, notify

BODY = "「2027年度民生实事」开始投票，请在截止前投票。"
NOTE = Note(Kind.VOTE_OPENED, "投票开始了", BODY, "/processes/1/vote")


async def seed_people(dsn: str, n: int) -> list[int]:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            """INSERT INTO user_account (name, mobile, password_hash, is_active, created_at,
                   session_version, mobile_verified_at)
               SELECT '居民' || i, (13000000000 + i)::text, 'x', true, now(), 0, now()
               FROM generate_series(1, $1) AS i""",
            n,
        )
        return [row[0] for row in await conn.fetch("SELECT id FROM user_account ORDER BY id")]
    finally:
        await conn.close()


async def timed_notify(ids: list[int]) -> tuple[float, int]:
    started = time.perf_counter()
    async with in_transaction():
        written = await notify(ids, NOTE, dedupe_key="vote-opened:1")
    return time.perf_counter() - started, written


async def timed_fan_out() -> float:
    started = time.perf_counter()
    while await delivery.fan_out():
        pass
    return time.perf_counter() - started


async def bare_copy(dsn: str, ids: list[int]) -> float:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "CREATE TABLE bare_outbox (user_id bigint, kind text, title text, body text,"
            " link text, created_at timestamptz, dedupe_key text)"
        )
        now = dt.datetime.now(dt.UTC)
        rows = [
            (i, NOTE.kind.value, NOTE.title, NOTE.body, NOTE.link, now, "vote-opened:1")
            for i in ids
        ]
        started = time.perf_counter()
        await conn.copy_records_to_table("bare_outbox", records=rows)
        return time.perf_counter() - started
    finally:
        await conn.close()


async def run(n: int, admin_url: str) -> None:
    name = f"yishi_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    version = await admin.fetchval("SHOW server_version")
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    dsn = url.replace("postgres://", "postgresql://", 1)
    try:
        await migrations.apply(url)
        ids = await seed_people(dsn, n)
        print(f"PostgreSQL {version}, {n:,} people told of one vote opening")
        await db.open_database(url)
        try:
            first, written = await timed_notify(ids)
            again, rewritten = await timed_notify(ids)
            fanned = await timed_fan_out()
        finally:
            await db.close_database()
        copy = await bare_copy(dsn, ids)
        print(f"  notify()              {first:8.2f}s  {written:,} messages written")
        print(f"  notify() again        {again:8.2f}s  {rewritten:,} written (all deduplicated)")
        print(f"  worker fan-out        {fanned:8.2f}s  into SMS and e-mail deliveries")
        print(f"  asyncpg COPY (bare)   {copy:8.2f}s")
        print(f"  ratio                 {first / copy:8.1f}×  notify() / bare COPY")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory (RSS)     {peak:8.0f} MiB")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--url",
        default=os.environ.get("YISHI_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    asyncio.run(run(args.people, args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
