"""Public read pages from a PostgreSQL streaming replica (只读副本); everything else from
the primary.

When one machine is not enough, the crowd that reads results, award lists and proposal
lists is what grows; those pages are the same for every anonymous visitor, so a replica a
few milliseconds behind serves them as well as the primary. Everything else stays on the
primary: every write, every transaction, every page of a signed-in person (who must see what
they just did: read-your-writes) and every staff page. Only GET/HEAD of routes declared
``PublicRead`` (core.routing), for a visitor who is not signed in, read from the replica;
the decision is a context variable set per request, which Tortoise's router consults for
each query. A replica that is down costs a retry on the primary, not an error page.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connection
from tortoise.router import router

from core.outage import is_unavailable
from core.pagecache.middleware import is_shared
from core.routing import PublicRead, route_for

REPLICA = "replica"
PRIMARY = "default"
log = logging.getLogger("yishi")


# After the replica fails, the primary answers the public pages for a while on its own.
REPLICA_PAUSE_SECONDS = 10.0


class _Reads:
    """Where this request's reads go; the first write sends the rest to the primary too."""

    __slots__ = ("replica",)

    def __init__(self, replica: bool) -> None:
        self.replica = replica


_reads: ContextVar[_Reads | None] = ContextVar("yishi_replica_reads", default=None)
_routing = False  # a replica is registered (core.db.add_replica)
_replica_paused_until = 0.0


def route_reads(on: bool) -> None:
    """Install (or remove) the router, once core.db has registered the replica connection."""
    global _routing
    router.init_routers([ReplicaRouter] if on else [])
    _routing = on


def is_public_read(routes: Sequence[BaseRoute], scope: Scope, signed_in: bool) -> bool:
    """An anonymous GET or HEAD of a route marked ``PublicRead``: the route decides."""
    if scope["method"] not in ("GET", "HEAD") or signed_in:
        return False
    return isinstance(route_for(routes, scope), PublicRead)


@contextmanager
def reads_from_replica(wanted: bool) -> Iterator[_Reads]:
    """Within this block, reads outside transactions go to the replica if `wanted`."""
    reads = _Reads(wanted and _routing and time.monotonic() >= _replica_paused_until)
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def _in_transaction() -> bool:
    # Inside a transaction the primary's connection is swapped for the transaction's: its
    # reads must see its own writes, and the replica cannot take part in it.
    return isinstance(get_connection(PRIMARY), TransactionalDBClient)


class ReplicaRouter:
    """Tortoise database router (installed by `route_reads` when a replica is configured)."""

    def db_for_read(self, model: type[Any]) -> str | None:
        reads = _reads.get()
        if reads is not None and reads.replica and not _in_transaction():
            return REPLICA
        return None  # the model's own connection: the primary

    def db_for_write(self, model: type[Any]) -> str | None:
        reads = _reads.get()
        if reads is not None:
            # A public page that writes (a ballot box made on first sight) then reads back
            # what it wrote: from the primary, not from a replica that may not have it yet.
            reads.replica = False
        return None


class ReplicaReadsMiddleware:
    """Marks anonymous GETs of public read pages; must run after the principal is loaded.

    If the replica is out of reach (the 503 of ``core.errors.database_unavailable``, or the
    error itself), the page is asked again of the primary (a GET has no body to replay),
    and the replica rests for ``REPLICA_PAUSE_SECONDS``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signed_in = scope.get("state", {}).get("user") is not None
        # A page to be kept (core.pagecache) is read from the primary: rendered from a
        # replica that has not yet replayed the write that emptied the cache, it would keep
        # the old page (a comment just hidden, say) long after the replica caught up.
        public = is_public_read(scope["app"].router.routes, scope, signed_in)
        public = public and not is_shared(scope)
        with reads_from_replica(public) as reads:
            if not reads.replica:
                await self.app(scope, receive, send)
                return
            attempt = _Attempt(scope, send)
            try:
                await self.app(scope, receive, attempt.send)
            except Exception as exc:
                if attempt.started or not _unavailable(exc):
                    raise
            else:
                if not attempt.withheld:
                    return
        _pause_replica()
        with reads_from_replica(False):
            await self.app(scope, receive, send)


class _Attempt:
    """Passes the response on, unless it is the database-outage page: that one is withheld
    so the primary can answer instead."""

    def __init__(self, scope: Scope, send: Send) -> None:
        self.scope, self._send = scope, send
        self.started = self.withheld = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 503:
            self.withheld = bool(self.scope.get("state", {}).pop("database_outage", False))
        if self.withheld:
            return
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


def _unavailable(exc: Exception) -> bool:

    return is_unavailable(exc)


def _pause_replica() -> None:
    global _replica_paused_until
    log.warning(
        "read replica unavailable: the primary answers public pages for %.0f s",
        REPLICA_PAUSE_SECONDS,
    )
    _replica_paused_until = time.monotonic() + REPLICA_PAUSE_SECONDS
