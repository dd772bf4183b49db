"""Yishi's roster import against a bare PostgreSQL COPY, in the same run.

    python benchmarks/roster_import.py [--rows 1000000] [--url postgres://root@127.0.0.1:5432/test]

Generates N synthetic, valid roster rows (correct check digits, 1,000 villages) as a UTF-8
CSV file, creates a throw-away database on the server, migrates it, and times:

- the Yishi import of that file, end to end: streaming CSV parse, column-wise checks,
  HMAC of every ID number, COPY into a staging table, duplicate check, merge;
- the same file imported again (a re-upload where nothing changed);
- the baseline: asyncpg ``copy_to_table`` of the same file into a bare four-column table.

Then it drops the database. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import db, migrations
from core.models import Area, AreaKind
from residents import idcard, reading
from residents.services import roster_import

DISTRICT = "990100000000"
TOWNSHIPS, VILLAGES = 10, 100  # 1,000 villages
CHUNK = 100_000


def village_codes() -> list[str]:
    return [
        f"9901{t:02d}000{200 + v:03d}" for t in range(1, TOWNSHIPS + 1) for v in range(VILLAGES)
    ]


def numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct valid ID numbers, born 1940–2007: (birth day, sequence) drawn without
    replacement; check digits computed column-wise."""
    days = (np.datetime64("2007-12-31") - np.datetime64("1940-01-01")).astype(int)
    pick = rng.choice(days * 1000, size=n, replace=False)
    born = np.datetime64("1940-01-01") + (pick // 1000).astype("timedelta64[D]")
    sequence = pick % 1000
    ymd = born.astype("datetime64[D]").astype(str).astype("U10")
    text = np.char.add(
        np.char.add("370104", np.char.replace(ymd, "-", "")), np.char.zfill(sequence.astype(str), 3)
    )
    digits = np.frombuffer("".join(text.tolist()).encode(), dtype=np.uint8).reshape(n, 17) - 48
    check = np.array(list(idcard.CHECK_CHARS))[(digits @ idcard.WEIGHTS) % 11]
    return np.char.add(text, check)


def write_csv(path: Path, n: int) -> None:
    rng = np.random.default_rng(2027)
    codes = np.array(village_codes())
    ids = numbers(n, rng)
    with path.open("w", encoding="utf-8") as out:
        out.write("姓名,身份证号,村/社区代码,出生日期\n")
        for start in range(0, n, CHUNK):
            part = ids[start : start + CHUNK].tolist()
            area = codes[np.arange(start, start + len(part)) % len(codes)].tolist()
            out.write(
                "".join(
                    f"居民{start + i},{n},{area[i]},{n[6:10]}-{n[10:12]}-{n[12:14]}\n"
                    for i, n in enumerate(part)
                )
            )


async def create_areas() -> Area:
    district = await Area.create(
        code=DISTRICT, name="基准区", kind=AreaKind.DISTRICT, path=f"/{DISTRICT}/"
    )
    villages = []
    for t in range(1, TOWNSHIPS + 1):
        code = f"9901{t:02d}000000"
        township = await Area.create(
            code=code,
            name=f"基准镇{t}",
            kind=AreaKind.TOWNSHIP,
            parent=district,
            path=f"{district.path}{code}/",
        )
        villages += [
            Area(
                code=c,
                name=f"基准村{c[-3:]}",
                kind=AreaKind.VILLAGE,
                parent=township,
                path=f"{township.path}{c}/",
            )
            for c in village_codes()
            if c.startswith(code[:6])
        ]
    await Area.bulk_create(villages)
    return district


async def yishi_import(path: Path, district: Area) -> tuple[float, str]:
    started = time.perf_counter()
    source = reading.from_bytes(path.name, path.read_bytes())
    report = await roster_import(None, district, source)
    seconds = time.perf_counter() - started
    assert report.ok and report.counts, report.errors[:5]
    c = report.counts
    return seconds, (
        f"{report.rows:,} rows: added {c.added:,}, updated {c.updated:,}, "
        f"unchanged {c.unchanged:,}, removed {c.removed:,}"
    )


async def bare_copy(dsn: str, path: Path) -> float:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "CREATE TABLE bare_roster (name text, id_number text, area_code text, birth_date date)"
        )
        started = time.perf_counter()
        await conn.copy_to_table("bare_roster", source=path, format="csv", header=True)
        return time.perf_counter() - started
    finally:
        await conn.close()


def line(label: str, seconds: float, n: int, summary: str = "") -> None:
    print(
        f"  {label:<21} {seconds:8.2f}s  {n / seconds:>10,.0f} rows/s"
        + (f"  ({summary})" if summary else "")
    )


async def run(n: int, admin_url: str) -> None:
    name = f"yishi_bench_{secrets.token_hex(4)}"
    admin_dsn = admin_url.replace("postgres://", "postgresql://", 1)
    url = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    admin = await asyncpg.connect(admin_dsn)
    version = await admin.fetchval("SHOW server_version")
    await admin.execute(f'CREATE DATABASE "{name}"')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        started = time.perf_counter()
        write_csv(path, n)
        generated = time.perf_counter() - started
        size = path.stat().st_size / 2**20
        print(
            f"PostgreSQL {version}, {n:,} rows in {TOWNSHIPS * VILLAGES:,} villages, "
            f"CSV {size:.1f} MiB (generated in {generated:.1f}s)"
        )
        try:
            await migrations.apply(url)
            await db.open_database(url)
            try:
                district = await create_areas()
                first, summary = await yishi_import(path, district)
                line("Yishi import", first, n, summary)
                again, summary = await yishi_import(path, district)
                line("Yishi re-import", again, n, summary)
            finally:
                await db.close_database()
            copy = await bare_copy(url.replace("postgres://", "postgresql://", 1), path)
            line("asyncpg COPY (bare)", copy, n)
            print(f"  ratio                 {first / copy:8.1f}×  Yishi import / bare COPY")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  peak memory (RSS)     {peak:8.0f} MiB")
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--url",
        default=os.environ.get("YISHI_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
