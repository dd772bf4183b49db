"""Bytes on the wire: the demo's pages and static files, plain and gzipped, at levels 1, 4 (the
app's) and 6 against Starlette's default (9), the baseline, in the same process.

    .venv/bin/python benchmarks/compression.py

Loads the demo district into a throw-away SQLite file, renders the pages through the ASGI
app uncompressed, then compresses each one many times at each level. Prints, per page, the
bytes plain / level 6 / level 9, then for levels 1, 4 and 6 the line
`gzip N: size R x level 9, time T x level 9`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 200


def _gzip(body: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush()


def _time(bodies: list[bytes], level: int) -> float:
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for body in bodies:
            _gzip(body, level)
    return time.perf_counter() - started


async def _pages() -> dict[str, bytes]:
    import httpx

    from app.demo import load_demo
    from app.factory import create_app
    from core import db, migrations, settings

    url = settings.DATABASE_URL  # a file in the temporary YISHI_VAR_DIR
    await migrations.apply(url)
    await load_demo()  # opens and closes the database itself
    await db.open_database(url)
    app = create_app(manage_database=False)
    transport = httpx.ASGITransport(app=app)
    pages: dict[str, bytes] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        identity = {"Accept-Encoding": "identity"}
        for path in ("/", "/processes", "/processes/1", "/processes/1/results", "/proposals/1"):
            response = await http.get(path, headers=identity)
            pages[path] = response.content
    await db.close_database()
    for name in ("css/yishi.css", "vendor/htmx-2.0.11.min.js"):
        pages[f"/static/{name}"] = (ROOT / "static" / name).read_bytes()
    return pages


def main() -> None:
    with tempfile.TemporaryDirectory() as var:
        os.environ["YISHI_VAR_DIR"] = var
        sys.path.insert(0, str(ROOT))
        pages = asyncio.run(_pages())
    print(f"{'page':<32} {'plain':>8} {'gzip 6':>8} {'gzip 9':>8}")
    for path, body in pages.items():
        print(f"{path:<32} {len(body):>8} {len(_gzip(body, 6)):>8} {len(_gzip(body, 9)):>8}")
    bodies = list(pages.values())
    plain = sum(len(b) for b in bodies)
    nine = _time(bodies, 9)
    size9 = sum(len(_gzip(b, 9)) for b in bodies)
    for level in (1, 4, 6):  # 4 is the app's (core.compression.LEVEL); 9 the baseline
        spent = _time(bodies, level)
        size = sum(len(_gzip(b, level)) for b in bodies)
        per_response = spent / ROUNDS / len(bodies) * 1000
        print(
            f"gzip {level}: size {size / size9:.3f} x level 9 ({size / plain:.2f} x plain), "
            f"time {spent / nine:.2f} x level 9 ({per_response:.2f} ms a response)"
        )


if __name__ == "__main__":
    main()
