"""Helpers for tests: people, logins, real forms with CSRF tokens."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import httpx

from core.models import Area, Role, RoleGrant, User
from core.passwords import hash_password

PASSWORD = "test-password-1"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)


async def make_user(
    mobile: str, *roles: Role, scope: Area | None = None, home: Area | None = None,
    name: str = "测试用户",
) -> User:
    user = await User.create(name=name, mobile=mobile, password_hash=password_hash(),
                             home_area=home)
    for role in roles:
        await RoleGrant.create(user=user, role=role, area=scope if role == Role.OFFICIAL else None)
    return user


CSRF_RE = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def csrf_from(html: str) -> str:
    """The session's token, as every page states it for htmx on <body>."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def csrf(client: httpx.AsyncClient, path: str = "/") -> str:
    return csrf_from((await client.get(path)).text)


async def post(client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None,
               **kwargs: object) -> httpx.Response:
    """POST a real form with this session's CSRF token."""
    form = {"csrf_token": await csrf(client), **(data or {})}
    return await client.post(path, data=form, **kwargs)  # type: ignore[arg-type]


async def login(client: httpx.AsyncClient, mobile: str, password: str = PASSWORD) -> None:
    response = await post(client, "/login", {"mobile": mobile, "password": password})
    assert response.status_code == 303, response.text
