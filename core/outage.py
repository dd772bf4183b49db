"""Is the database out of reach? One answer for the error pages, replica routing and the
ballot rush, in a module of its own so that all of them may ask without import cycles."""

from __future__ import annotations

import errno

import asyncpg
from tortoise.exceptions import DBConnectionError

# How a database that is down, restarting, out of connections or unreachable looks from
# here: refused or broken sockets, asyncpg's connection errors (class 08), "shutting down" /
# "starting up" (class 57), "too many connections" (class 53), and a pooled connection
# caught half-way through dying when the server shut down (asyncpg's internal state error;
# the pool replaces it once the socket closes).
UNAVAILABLE: tuple[type[BaseException], ...] = (
    DBConnectionError,
    ConnectionError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.exceptions.InternalClientError,
)
_NETWORK_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EADDRNOTAVAIL}


def is_unavailable(exc: BaseException) -> bool:
    """Is this error (or what caused it) the database being out of reach?"""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        if isinstance(seen, UNAVAILABLE):
            return True
        if isinstance(seen, OSError) and (
            seen.errno in _NETWORK_ERRNOS or str(seen).startswith("Multiple exceptions: [Errno")
        ):
            return True  # asyncio's connect error for a host with several addresses
        if isinstance(seen, asyncpg.InterfaceError) and "connection is closed" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
