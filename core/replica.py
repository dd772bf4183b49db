"""Public read pages from a PostgreSQL streaming replica (只读副本); everything else from
the primary.

When one machine is not enough, the crowd that reads results, award lists and proposal
lists is what grows; those pages are the same for every anonymous visitor, so a replica a
few milliseconds behind serves them as well as the primary. Everything else stays on the
primary: every write, every transaction, every page of a signed-in person (who must see what
they just did: read-your-writes) and every staff page. Only GET/HEAD of the paths below,
for a visitor who is not signed in, read from the replica; the decision is a context
variable set per request, which Tortoise's router consults for each query.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connection

REPLICA = "replica"
PRIMARY = "default"

# Anonymous-safe public read pages: processes and their proposal lists, proposals, results,
# award lists and their downloads, consultation pages, open data.
PUBLIC_READ_PATHS = re.compile(
    r"""^(?:
        /
      | /processes(?:\.csv)?
      | /processes/\d+
      | /processes/\d+/(?:results|awards|awards/notice|progress|objections)
      | /processes/\d+/(?:awards\.\w+|proposals\.csv|results\.csv|boxes/\d+/ballots\.pb)
      | /proposals/\d+
      | /consult
      | /consult/topics/\d+(?:/summary|/export\.xlsx|/export/\w+\.csv)?
      | /open-data
      | /api/v1/[\w./-]*
    )$""",
    re.VERBOSE,
)



class _Request:
    """Where this request's reads go; the first write sends the rest to the primary too."""

    __slots__ = ("replica",)

    def __init__(self, replica: bool) -> None:
        self.replica = replica


_request: ContextVar[_Request | None] = ContextVar("yishi_replica_reads", default=None)


def is_public_read(method: str, path: str, signed_in: bool) -> bool:
    return method in ("GET", "HEAD") and not signed_in and bool(PUBLIC_READ_PATHS.match(path))


def _in_transaction() -> bool:
    # Inside a transaction the primary's connection is swapped for the transaction's: its
    # reads must see its own writes, and the replica cannot take part in it.
    return isinstance(get_connection(PRIMARY), TransactionalDBClient)


class ReplicaRouter:
    """Tortoise database router (installed only when a replica is configured)."""

    def db_for_read(self, model: type[Any]) -> str | None:
        request = _request.get()
        if request is not None and request.replica and not _in_transaction():
            return REPLICA
        return None  # the model's own connection: the primary

    def db_for_write(self, model: type[Any]) -> str | None:
        request = _request.get()
        if request is not None:
            # A public page that writes (a ballot box made on first sight) then reads back
            # what it wrote: from the primary, not from a replica that may not have it yet.
            request.replica = False
        return None


class ReplicaReadsMiddleware:
    """Marks anonymous GETs of public read pages; must run after the principal is loaded."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signed_in = scope.get("state", {}).get("user") is not None
        public = is_public_read(scope["method"], scope["path"], signed_in)
        token = _request.set(_Request(public))
        try:
            await self.app(scope, receive, send)
        finally:
            _request.reset(token)
