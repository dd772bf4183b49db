"""Private PostgreSQL clusters for operations tests: a primary, a streaming replica.

The machine's shared server (port 5432) is never touched: these tests stop, restart and
replicate servers, so each one gets its own cluster from Debian's binaries, in a temp dir,
on a free port, torn down afterwards. initdb and postgres refuse to run as root, so as root
they run as the ``postgres`` OS user.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

PG_ROOT = Path("/usr/lib/postgresql")
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
max_connections = 60
shared_buffers = 16MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
# The app's durability is under test, not the disk's: no fsync keeps the tests fast.
fsync = off
full_page_writes = off
log_line_prefix = '%m [%p] app=%a '
"""
HBA = """
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
"""


def pg_bin(name: str) -> str:
    versions = sorted(
        (p for p in PG_ROOT.iterdir() if (p / "bin" / name).exists()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )
    assert versions, f"no PostgreSQL server binaries under {PG_ROOT}"
    return str(versions[-1] / "bin" / name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str], timeout: float = 60) -> None:
    done = subprocess.run(_as_postgres(argv), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{argv[0]} failed: {done.stdout}\n{done.stderr}"


async def wait_until(
    check: Callable[[], Awaitable[bool]], timeout: float, what: str, interval: float = 0.05
) -> float:
    """Poll `check` until true; returns the seconds it took, fails after `timeout`."""
    start = time.monotonic()
    while not await check():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(interval)
    return time.monotonic() - start


@dataclass
class Cluster:
    """One running PostgreSQL server: data directory, port, server log."""

    root: Path
    port: int
    name: str
    extra_settings: str = ""
    running: bool = field(default=False)

    @property
    def data(self) -> Path:
        return self.root / self.name

    @property
    def log(self) -> Path:
        return self.root / f"{self.name}.log"

    def url(self, database: str = "yishi", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}" + (
            f"?{query}" if query else ""
        )

    def dsn(self, database: str = "yishi") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def configure(self) -> None:
        settings = SETTINGS.format(port=self.port, sockets=self.root) + self.extra_settings
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(settings)
        (self.data / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        _chown(self.root)

    def start(self) -> None:
        _run(
            [pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start"]
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        _run([pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"])
        self.running = False

    async def sql(self, query: str, *args: object, database: str = "yishi") -> list[asyncpg.Record]:
        """One query on a fresh connection (tests read the database behind the app's back)."""
        conn = await asyncpg.connect(self.dsn(database), timeout=10)
        try:
            return list(await conn.fetch(query, *args))
        finally:
            await conn.close()

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres:postgres", str(path)], check=True)


async def init_primary(root: Path, extra_settings: str = "") -> Cluster:
    cluster = Cluster(root, free_port(), "primary", extra_settings)
    _run(
        [
            pg_bin("initdb"),
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    cluster.configure()
    cluster.start()
    await cluster.sql("CREATE DATABASE yishi", database="postgres")
    return cluster


async def init_replica(primary: Cluster, extra_settings: str = "") -> Cluster:
    """A hot standby streaming from `primary` (pg_basebackup -R), on its own port."""
    replica = Cluster(primary.root, free_port(), "replica", extra_settings)
    _run(
        [
            pg_bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ]
    )
    replica.configure()  # appended last, so its port and settings win over the copied ones
    replica.start()
    assert (await replica.sql("SELECT pg_is_in_recovery() AS r", database="postgres"))[0]["r"]
    await wait_caught_up(primary, replica)
    return replica


async def wait_caught_up(primary: Cluster, replica: Cluster, timeout: float = 30) -> float:
    """Wait until the replica has replayed everything the primary has written so far."""
    [row] = await primary.sql("SELECT pg_current_wal_lsn()::text AS lsn", database="postgres")
    query = "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false) AS done"

    async def replayed() -> bool:
        return bool((await replica.sql(query, row["lsn"], database="postgres"))[0]["done"])

    return await wait_until(replayed, timeout, "the replica to catch up")


@contextlib.contextmanager
def private_root() -> Iterator[Path]:
    """A temp dir the postgres user can write; every server in it is stopped afterwards."""
    root = Path(tempfile.mkdtemp(prefix="yishi-pg-"))
    root.chmod(0o755)
    _chown(root)
    try:
        yield root
    finally:
        for data in root.iterdir():
            if (data / "postmaster.pid").exists():
                subprocess.run(
                    _as_postgres(
                        [pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                    ),
                    capture_output=True,
                    timeout=60,
                )
        shutil.rmtree(root, ignore_errors=True)
