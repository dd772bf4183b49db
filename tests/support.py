"""Helpers for tests: people, logins, real forms with CSRF tokens."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import httpx

from core.models import Area, Role, RoleGrant, User
from core.passwords import hash_password
from notify import jobs
from residents import idcard
from residents.models import RosterEntry, Verification

PASSWORD = "test-password-1"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)


async def make_user(
    mobile: str,
    *roles: Role,
    scope: Area | None = None,
    home: Area | None = None,
    name: str = "测试用户",
    verified: bool = True,
) -> User:
    """A person; a resident with a home area is also verified on its roster unless told not."""
    user = await User.create(
        name=name, mobile=mobile, password_hash=password_hash(), home_area=home
    )
    for role in roles:
        await RoleGrant.create(user=user, role=role, area=scope if role == Role.OFFICIAL else None)
    if verified and home is not None and Role.RESIDENT in roles:
        await verify_resident(user, home)
    return user


CSRF_RE = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def csrf_from(html: str) -> str:
    """The session's token, as every page states it for htmx on <body>."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def csrf(client: httpx.AsyncClient, path: str | None = None) -> str:
    """This session's token. Public pages kept for every anonymous visitor carry none
    (core.pagecache): an anonymous session takes it from the sign-in page, as a browser
    about to sign in does."""
    if path is not None:
        return csrf_from((await client.get(path)).text)
    html = (await client.get("/")).text
    if CSRF_RE.search(html) is None:
        html = (await client.get("/login")).text
    return csrf_from(html)


async def post(
    client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None, **kwargs: object
) -> httpx.Response:
    """POST a real form with this session's CSRF token."""
    form = {"csrf_token": await csrf(client), **(data or {})}
    return await client.post(path, data=form, **kwargs)  # type: ignore[arg-type]


async def login(client: httpx.AsyncClient, mobile: str, password: str = PASSWORD) -> None:
    response = await post(client, "/login", {"mobile": mobile, "password": password})
    assert response.status_code == 303, response.text


async def verify_resident(
    user: User, area: Area | None = None, *, born: dt.date = dt.date(1975, 5, 5)
) -> RosterEntry:
    """Put `user` on the roster of `area` (default: their home area) and link the account:
    a verified resident, which is what `projects.permissions.lives_in` asks for."""
    place = area or await Area.get(id=user.home_area_id)  # type: ignore[attr-defined]
    await RosterEntry.filter(user=user).delete()  # verified in exactly one place
    number = idcard.make_number("370104", born, user.id)
    return await RosterEntry.create(
        area=place,
        id_hash=idcard.id_hash(number),
        name=user.name,
        birth_date=born,
        user=user,
        verification=Verification.ROSTER,
        verified_at=dt.datetime.now(dt.UTC),
    )


def sms_path() -> Path:
    """Where the file gateway writes this test's SMS (conftest's ``sms_file``)."""
    from core import settings

    return Path(settings.SMS_GATEWAY.partition(":")[2])


def sms_sent(path: Path | None = None) -> list[dict[str, object]]:
    """Every SMS the file gateway wrote, oldest first."""
    path = path or sms_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def last_code(mobile: str, path: Path | None = None) -> str:
    """The code in the latest SMS to ``mobile``, as the person reads it on the phone."""
    codes = [
        str(m["params"]["code"])  # type: ignore[index]
        for m in sms_sent(path)
        if m["to"] == mobile and m["template"] == "verify_code"
    ]
    assert codes, f"no code was sent to {mobile}"
    return codes[-1]


async def register(client: httpx.AsyncClient, home: Area, **overrides: str) -> httpx.Response:
    """Register through both steps: ask for the code, read it from the SMS, send the form."""
    form = {
        "name": "张桂兰",
        "mobile": "13912345678",
        "password": "secret-pass",
        "password2": "secret-pass",
        "home_area": str(home.id),
        "agree": "yes",
    } | overrides
    asked = await post(client, "/register/code", {"mobile": form["mobile"]})
    if asked.status_code != 303:
        return asked
    form.setdefault("code", last_code(form["mobile"]))
    return await post(client, "/register", form)


async def run_jobs() -> int:
    """Run the queued background jobs as the worker would (notify.jobs); how many ran."""
    return await jobs.run_queued()
