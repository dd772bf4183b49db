"""The ceiling of `benchmarks/load.py`: the least a Starlette + asyncpg request can cost.

    uvicorn --app-dir benchmarks ceiling_app:app      (CEILING_DSN, CEILING_POOL_SIZE)

POST /cast stores one row with one INSERT and answers 303, as a cast does; GET /results
reads one stored row with one SELECT and returns it as a page. Same server, same workers,
same database and pool size as the app it is compared with: what is left is Yishi's cost.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

SCHEMA = """
CREATE TABLE ceiling_ballot (id uuid PRIMARY KEY, body_bytes integer NOT NULL);
CREATE TABLE ceiling_snapshot (id integer PRIMARY KEY, page text NOT NULL);
INSERT INTO ceiling_snapshot VALUES (1, '<p>ceiling</p>');
"""

pool: asyncpg.Pool | None = None


async def cast(request: Request) -> Response:
    body = await request.body()
    assert pool is not None
    await pool.execute(
        "INSERT INTO ceiling_ballot (id, body_bytes) VALUES ($1, $2)", uuid.uuid4(), len(body)
    )
    return RedirectResponse("/receipt", status_code=303)


async def results(request: Request) -> Response:
    assert pool is not None
    page = await pool.fetchval("SELECT page FROM ceiling_snapshot WHERE id = 1")
    return HTMLResponse(page)


async def _release_as_is(connection: asyncpg.Connection) -> None:
    """The app's pool release (core.db): no reset query, so none for the ceiling either."""


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    global pool
    size = int(os.environ.get("CEILING_POOL_SIZE", "5"))
    pool = await asyncpg.create_pool(
        os.environ["CEILING_DSN"], min_size=1, max_size=size, reset=_release_as_is
    )
    try:
        yield
    finally:
        await pool.close()


app = Starlette(
    routes=[Route("/cast", cast, methods=["POST"]), Route("/results", results)], lifespan=lifespan
)
