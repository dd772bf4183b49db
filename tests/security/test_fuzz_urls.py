"""Every page address, fed hostile path parameters and query strings: never a 500.

Ids of 20 digits overflowed the integer columns, "²" passed ``str.isdigit`` and then broke
``int()``, NUL reached PostgreSQL (which refuses it), long codes broke a length check in the
ORM, and ``until=9999-12-31`` overflowed a date. Each is now a 404 or a 400 (or ignored).
Every answer carries the security headers.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from security.hostile import (
    DATES,
    NUMBERS,
    QUIET_REPR,
    assert_escaped,
    assert_not_crashed,
    assert_security_headers,
    fuzz,
    hostile_text,
    make_records,
    settled_routes,
    token_of,
)
from starlette.applications import Starlette
from support import login, make_user

from core.models import Area, Role

pytestmark = QUIET_REPR
QUERY_NAMES = [
    "page",
    "q",
    "status",
    "show",
    "area",
    "category",
    "mobile",
    "action",
    "actor",
    "since",
    "until",
    "next",
    "dataset",
    "view",
    "code",
]
URLS = fuzz(150)


def _int_parameter(ids: list[int]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([str(i) for i in ids]),
        st.integers(0, 10**9 - 1).map(str),
        st.sampled_from(
            [
                "0",
                "00000000001",
                "2147483647",
                "2147483648",
                "9" * 20,
                "-1",
                "1.5",
                "²",
                "%00",
                "1%00",
            ]
        ),
    )


def _text_parameter() -> st.SearchStrategy[str]:
    return hostile_text(
        "proposal",
        "topic",
        "opinions",
        "responses",
        "370104013201",
        "en",
        "zh_CN",
        "../../etc/passwd",
        "..%2F..%2F",
        big=False,
    ).map(lambda value: quote(value, safe="") or "x")


@pytest.fixture
async def get_routes(app: Starlette, areas: dict[str, Area]) -> list[tuple[str, dict[str, str]]]:
    """(path template, its parameters' kinds) of every settled GET route; records exist."""
    await make_records(areas)
    found = []
    for route in settled_routes(app):
        if "GET" in (route.methods or ()):
            kinds = {name: type(conv).__name__ for name, conv in route.param_convertors.items()}
            found.append((route.path, kinds))
    assert len(found) > 30
    return found


async def _fill(data: st.DataObject, template: str, kinds: dict[str, str]) -> str:
    path = template
    for name, kind in kinds.items():
        value = data.draw(
            _int_parameter(list(range(1, 6)))
            if "Int" in kind or "Id" in kind
            else _text_parameter()
        )
        path = re.sub(rf"\{{{name}(:\w+)?\}}", lambda _m, v=value: v, path)
    assert "{" not in path, path
    return path


async def _query(data: st.DataObject) -> str:
    params = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=6)),
            st.one_of(hostile_text(*NUMBERS, *DATES, big=False), st.sampled_from(["", "1"])),
            max_size=4,
        )
    )
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())


@pytest.mark.parametrize("who", ["anonymous", "resident", "admin"])
@URLS
@given(data=st.data())
async def test_every_page_survives_hostile_addresses(
    client: httpx.AsyncClient,
    get_routes: list[tuple[str, dict[str, str]]],
    who: str,
    data: st.DataObject,
) -> None:
    if who != "anonymous" and "yishi_session" not in client.cookies:
        role = Role.ADMIN if who == "admin" else Role.RESIDENT
        if not await _exists("13800000009"):
            await make_user("13800000009", role)
        await login(client, "13800000009")
        await token_of(client)
    template, kinds = data.draw(st.sampled_from(get_routes))
    path = await _fill(data, template, kinds)
    query = await _query(data)
    response = await client.get(f"{path}?{query}" if query else path)
    assert_not_crashed(response)
    assert_security_headers(response)
    assert_escaped(response, path, query)
    if "%00" in path or "%00" in query:
        assert response.status_code in (400, 404)


async def _exists(mobile: str) -> bool:
    from core.models import User

    return await User.exists(mobile=mobile)
