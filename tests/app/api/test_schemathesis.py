"""The open-data API under schemathesis, a third-party fuzzer: every operation of the
OpenAPI document, cases generated from the document alone, sent over HTTP to a real app
process (uvicorn, as in production) on the seeded, tallied process of
``opendata_factories``, with every check schemathesis has (``--checks all``: server errors,
status codes, content types, response schemas and headers, positive and negative data,
unsupported methods and their ``Allow`` header, …).

A real process rather than the ASGI app in-process: schemathesis calls an ASGI app from its
own thread and event loop, and Tortoise's connections belong to the test's loop. The run is
bounded and derandomised (a fixed seed: the same examples every time, ``max-examples`` per
operation) so the suite stays fast; ``YISHI_FUZZ_SCALE`` deepens it by hand. SQLite pass only:
the document and the server are the same on both databases, and the server shares the
test's database file.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from opendata_factories import World, close_voting
from ops.appserver import AppProcess, app_env

from app.opendata import PREFIX, document

SCALE = int(os.environ.get("YISHI_FUZZ_SCALE", "1"))
CONFIG = schemathesis.Config.from_dict(
    {
        # With `deterministic`: the same cases on every run (YISHI_FUZZ_SEED for others).
        "seed": int(os.environ.get("YISHI_FUZZ_SEED", "20261207")),
        "checks": {"enabled": True},
        "generation": {"max-examples": 40 * SCALE, "deterministic": True},
    }
)
schema = schemathesis.openapi.from_dict(document(), config=CONFIG)


@pytest.fixture
async def api_url(database: str, world: World, tmp_path: Path) -> AsyncIterator[str]:
    """The API of a real app process on the test's database, the process tallied."""
    await close_voting(world)  # results and the award list are public
    server = AppProcess(app_env(tmp_path / "var", database), tmp_path / "app.log")
    await server.start()
    try:
        async with httpx.AsyncClient() as http:  # what it serves is what we generate from
            served = (await http.get(f"{server.url}{PREFIX}/openapi.json")).json()
        assert served == document()
        yield server.url + PREFIX
    finally:
        server.kill()


@pytest.mark.sqlite_only
@schema.parametrize()
# The seeded process is only read (the API has no writes): one per operation is enough.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_agrees_with_its_document(case: schemathesis.Case, api_url: str) -> None:
    case.call_and_validate(base_url=api_url)
