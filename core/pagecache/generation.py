"""How each process learns that the data under the public pages has changed.

``current()`` answers a number that moves whenever a write that a public page could show
has committed anywhere, or ``None`` when this process cannot tell (then nothing is served
from the cache). PostgreSQL: a connection of this process LISTENs on the triggers'
channel and each notification moves the number; while that connection is down the answer
is ``None``, and a reconnection moves the number (what happened meanwhile is unknown).
SQLite: the triggers' counter row, read on each request (a local file read).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg
from tortoise import Tortoise

from core.pagecache.triggers import CHANNEL

log = logging.getLogger("yishi")
RECONNECT_SECONDS = 2.0


class _Listener:
    def __init__(self) -> None:
        self.generation = 0
        self.listening = False
        self._task: asyncio.Task[None] | None = None
        self._lost: asyncio.Event | None = None

    def start(self, client: Any) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(client))

    async def stop(self) -> None:
        self.listening = False
        self.generation += 1
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await self._task
            self._task = None

    def _changed(self, *_args: object) -> None:
        self.generation += 1

    def _gone(self, *_args: object) -> None:
        self.listening = False
        self.generation += 1
        if self._lost is not None:
            self._lost.set()

    async def _run(self, client: Any) -> None:
        while True:
            try:
                await self._listen(client)
            except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
                log.warning("public page cache: cannot listen for changes (%s)", exc)
            self._gone()
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen(self, client: Any) -> None:
        connection = await asyncpg.connect(
            host=client.host,
            port=client.port,
            user=client.user,
            password=client.password,
            database=client.database,
            timeout=5,
        )
        try:
            self._lost = asyncio.Event()
            connection.add_termination_listener(self._gone)
            await connection.add_listener(CHANNEL, self._changed)
            self.generation += 1  # whatever changed before we listened is unknown
            self.listening = True
            await self._lost.wait()
        finally:
            self.listening = False
            with contextlib.suppress(Exception):
                await connection.close(timeout=2)


_listener = _Listener()


async def current() -> int | None:
    client = Tortoise.get_connection("default")
    if client.capabilities.dialect != "postgres":
        rows = await client.execute_query_dict("SELECT n FROM page_generation")
        return int(rows[0]["n"])
    if not _listener.listening:
        _listener.start(client)
        return None
    return _listener.generation


async def listening() -> bool:
    """Wait (briefly) until this process listens for changes; for tests and start-up."""
    if await current() is not None:
        return True
    for _ in range(50):
        await asyncio.sleep(0.05)
        if await current() is not None:
            return True
    return False


async def stop() -> None:
    await _listener.stop()
