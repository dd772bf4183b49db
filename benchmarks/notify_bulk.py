"""A vote opening told to 100,000 verified residents, against the per-person ``notify()`` path.

    python benchmarks/notify_bulk.py [--residents 100000] [--url postgres://root@127.0.0.1:5432/test]

Creates a throw-away PostgreSQL database, migrates it, seeds a district of 1,000 villages
with ``--residents`` verified residents (accounts and roster entries written by set-based
``INSERT … SELECT generate_series``) plus a fifth as many unverified roster entries, and a
process over the district in voting. Then it times, in one transaction each:

- the vote opening's messages as the phase change records them (``votes.notices.vote_opened``:
  one ``INSERT … SELECT`` over the roster), with the Python heap's peak (tracemalloc) while
  it runs;
- the same again: the dedupe key tells no one twice (0 rows);
- the baseline, after emptying the outbox: the same residents read into Python and handed
  to ``notify.services.notify`` (dedupe lookup, then ``bulk_create``) 10,000 at a time,
  the path every single-person event takes.

Then it drops the database. Peak RSS is the whole process's, baseline included.
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
import tracemalloc
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tortoise.transactions import in_transaction

from core import db, migrations, sql
from core.clock import today
from core.models import Area, AreaKind
from notify.models import Message
from notify.services import Note, notify
from projects.models import Phase, Process, TallyRule, VotingMethod
from residents.models import RosterEntry
from votes import notices

DISTRICT = "990100000000"
TOWNSHIPS, VILLAGES = 10, 100
CHUNK = 10_000

# One account and one verified roster entry per resident, spread over the villages; born
# 1940–2005 so all are of age. Then unverified entries (no account), which must be skipped.
SEED_ACCOUNTS = """
INSERT INTO user_account (name, mobile, password_hash, is_active, created_at, session_version)
SELECT '居民' || g, (15000000000 + g)::text, '!', true, now(), 0
FROM generate_series(1, $1) g
"""
SEED_VERIFIED = """
INSERT INTO roster_entry (area_id, id_hash, name, birth_date, voted, user_id, verification,
                          verified_at)
SELECT v.id, md5('v' || u.id), u.name, DATE '1940-01-01' + (u.id % 24000), false, u.id,
       'roster', now()
FROM user_account u
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM area WHERE kind = 'village') v
  ON v.n = u.id % $1
"""
SEED_UNVERIFIED = """
INSERT INTO roster_entry (area_id, id_hash, name, birth_date, voted)
SELECT v.id, md5('u' || g), '未注册' || g, DATE '1950-01-01', false
FROM generate_series(1, $1) g
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM area WHERE kind = 'village') v
  ON v.n = g % $2
"""


async def create_areas() -> Area:
    district = await Area.create(
        code=DISTRICT, name="基准区", kind=AreaKind.DISTRICT, path=f"/{DISTRICT}/"
    )
    for t in range(1, TOWNSHIPS + 1):
        code = f"9901{t:02d}000000"
        township = await Area.create(
            code=code, name=f"基准镇{t}", kind=AreaKind.TOWNSHIP, parent=district,
            path=f"{district.path}{code}/",
        )  # fmt: skip
        await Area.bulk_create(
            [
                Area(
                    code=f"9901{t:02d}000{200 + v:03d}",
                    name=f"基准村{t}-{v}",
                    kind=AreaKind.VILLAGE,
                    parent=township,
                    path=f"{township.path}9901{t:02d}000{200 + v:03d}/",
                )
                for v in range(VILLAGES)
            ]
        )
    return district


async def seed(residents: int) -> Process:
    started = time.perf_counter()
    district = await create_areas()
    villages = TOWNSHIPS * VILLAGES
    await sql.execute(SEED_ACCOUNTS, residents)
    await sql.execute(SEED_VERIFIED, villages)
    await sql.execute(SEED_UNVERIFIED, residents // 5, villages)
    process = await Process.create(
        name="基准年度参与式预算",
        area=district,
        phase=Phase.VOTING,
        budget_fen=100_000_000,
        voting_method=VotingMethod.APPROVAL,
        tally_rule=TallyRule.GREEDY,
        voting_end=today() + dt.timedelta(days=7),
    )
    await sql.execute("ANALYZE")
    entries = await RosterEntry.all().count()
    print(f"  seeded {residents:,} verified residents, {entries:,} roster entries, "
          f"{villages:,} villages in {time.perf_counter() - started:.1f}s")  # fmt: skip
    return process


async def bulk(process: Process) -> tuple[float, int, float]:
    """Seconds, messages written and the Python heap's peak (MiB) of the vote opening."""
    before = await Message.all().count()
    tracemalloc.start()
    started = time.perf_counter()
    async with in_transaction():
        await notices.vote_opened(None, process)
    seconds = time.perf_counter() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, await Message.all().count() - before, peak / 2**20


async def per_person(process: Process, note: Note) -> tuple[float, int]:
    """The baseline: the same people read into Python, then ``notify()`` — in chunks, as
    its dedupe lookup binds one parameter per person and PostgreSQL takes at most 32,767."""
    started = time.perf_counter()
    written = 0
    async with in_transaction():
        users = await RosterEntry.filter(user_id__isnull=False).values_list("user_id", flat=True)
        ids = [int(u) for u in users]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            written += await notify(chunk, note, dedupe_key=f"vote-opened:{process.id}")
    return time.perf_counter() - started, written


async def _note(process: Process) -> Note:
    """The note the vote opening wrote, for the baseline to write again."""
    message = await Message.filter(dedupe_key=f"vote-opened:{process.id}").first()
    assert message is not None
    return Note(message.kind, message.title, message.body, message.link)


async def run(residents: int, admin_url: str) -> None:
    name = f"yishi_bench_{secrets.token_hex(4)}"
    admin_dsn = admin_url.replace("postgres://", "postgresql://", 1)
    url = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    admin = await asyncpg.connect(admin_dsn)
    version = await admin.fetchval("SHOW server_version")
    await admin.execute(f'CREATE DATABASE "{name}"')
    print(f"PostgreSQL {version}")
    try:
        await migrations.apply(url)
        await db.open_database(url)
        try:
            process = await seed(residents)
            seconds, rows, heap = await bulk(process)
            print(f"  vote opening (INSERT … SELECT) {seconds:8.2f}s  {rows:>9,} messages  "
                  f"{rows / seconds:>9,.0f} rows/s  Python heap peak {heap:.2f} MiB")  # fmt: skip
            again, repeated, _heap = await bulk(process)
            print(f"  the same again (dedupe)        {again:8.2f}s  {repeated:>9,} messages")
            note = await _note(process)
            await sql.execute("TRUNCATE notify_message CASCADE")
            base, written = await per_person(process, note)
            assert written == rows, (written, rows)
            print(f"  baseline: notify() from Python   {base:8.2f}s  {written:>9,} messages")
            print(f"  ratio                          {base / seconds:8.1f}×  baseline / bulk")
        finally:
            await db.close_database()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory (RSS, whole run)   {peak:8.0f} MiB")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument(
        "--url",
        default=os.environ.get("YISHI_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    asyncio.run(run(args.residents, args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
