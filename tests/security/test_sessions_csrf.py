"""Forged CSRF tokens and tampered session cookies.

Every POST of the route tables (and the foundation's, from the app itself), for a signed-in
admin who could otherwise do it: no token, a forged one (random text, non-ASCII, one
character changed, the token with something appended, a token from another session), or a
token in the wrong place is refused 403 and changes nothing. A session cookie that is
garbage, tampered with, signed with another key, expired or of an unknown shape makes the
visitor anonymous; it never signs anyone in and never answers 500.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import itsdangerous
import pytest
from hypothesis import given
from hypothesis import strategies as st
from route_table import fill
from security.hostile import (
    QUIET_REPR,
    assert_not_crashed,
    assert_security_headers,
    fresh_client,
    fuzz,
    make_records,
    settled_routes,
    token_of,
)
from starlette.applications import Starlette
from support import PASSWORD, login, make_user
from tortoise import Tortoise

from app.factory import SESSION_COOKIE
from core import settings as app_settings
from core.csrf import token_paths, unmask
from core.models import Area, Role, User

pytestmark = QUIET_REPR
ROUTES = fuzz(120)
SIGNED_AT = int(time.time())  # one signing time for the run: examples must replay exactly
SESSIONS = fuzz(80)


@pytest.fixture
async def targets(app: Starlette, areas: dict[str, Area]) -> list[str]:
    """Every POST path of the app, with real records behind it."""
    ids = await make_records(areas)
    paths = sorted(
        {
            fill(r.path, ids)
            for r in settled_routes(app)
            if "POST" in (r.methods or ())
            and not r.path.endswith("/vote")
            # Signed-URL POSTs (one-click unsubscribe) need no session: tests/notify.
            and not r.path.startswith(token_paths())
        }
    )
    assert len(paths) > 30
    return paths


@pytest.fixture
async def admin(client: httpx.AsyncClient, areas: dict[str, Area]) -> str:
    await make_user("13800000001", Role.ADMIN, home=areas["370104013201"])
    await login(client, "13800000001")
    return await token_of(client)


async def table_counts() -> dict[str, int]:
    """Rows in every table (login attempts aside): a refused request changes none."""
    counts = {}
    for model in Tortoise.apps.get_models_iterable():  # type: ignore[union-attr]
        if model._meta.db_table != "login_attempt":
            counts[model._meta.db_table] = await model.all().count()
    return counts


def forged_tokens(real: str) -> st.SearchStrategy[str]:
    at = st.integers(0, len(real) - 1)
    return st.one_of(
        st.text(max_size=64),
        st.sampled_from(
            [
                "",
                " ",
                "null",
                "undefined",
                "None",
                "0",
                "é",
                "令牌",
                "\u202e",
                real.upper(),
                real[::-1],
                real[:-1],
                real + "=",
                " " + real,
            ]
        ),
        at.map(lambda i: real[:i] + ("A" if real[i] != "A" else "B") + real[i + 1 :]),
        st.text(
            alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            min_size=43,
            max_size=43,
        ),
    )


@ROUTES
@given(data=st.data(), where=st.sampled_from(["form", "header", "both", "query"]))
async def test_forged_tokens_are_refused_and_change_nothing(
    client: httpx.AsyncClient, targets: list[str], admin: str, data: st.DataObject, where: str
) -> None:
    path = data.draw(st.sampled_from(targets))
    forged = data.draw(forged_tokens(admin).filter(lambda t: t != admin))
    before = await table_counts()
    form: dict[str, str] = {"body": "hostile", "name": "x", "reason": "x"}
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    if where in ("form", "both"):
        form["csrf_token"] = forged
    if where in ("header", "both"):
        if not forged.isascii() or any(c in forged for c in "\r\n\x00"):
            return  # not a header value any client can send
        headers["X-CSRF-Token"] = forged
    if where == "query":
        params["csrf_token"] = admin  # the right token, in the wrong place
    response = await client.post(path, data=form, headers=headers, params=params)
    assert_not_crashed(response)
    assert response.status_code == 403, (path, response.status_code)
    assert "没有权限" in response.text
    assert_security_headers(response)
    assert await table_counts() == before


@pytest.mark.parametrize("kind", ["absent", "other-session", "multipart-absent", "json"])
async def test_every_table_route_refuses_posts_without_this_sessions_token(
    app: Starlette, client: httpx.AsyncClient, targets: list[str], admin: str, kind: str
) -> None:
    async with fresh_client(app) as stranger:
        other = await token_of(stranger)  # a real token, of another visitor's session
    before = await table_counts()
    for path in targets:
        if kind == "absent":
            response = await client.post(path, data={"body": "x"})
        elif kind == "other-session":
            response = await client.post(path, data={"csrf_token": other, "body": "x"})
        elif kind == "multipart-absent":
            response = await client.post(
                path, data={"body": "x"}, files={"file": ("a.csv", b"x", "text/csv")}
            )
        else:
            response = await client.post(path, json={"csrf_token": admin})
        assert_not_crashed(response)
        assert response.status_code == 403, (path, kind, response.status_code)
    assert await table_counts() == before


async def test_the_real_token_still_works(client: httpx.AsyncClient, admin: str) -> None:
    """The control: the same requests with the right token get past the check."""
    response = await client.post("/admin/areas/new", data={"csrf_token": admin})
    assert response.status_code == 400  # the form's own answer
    response = await client.post("/admin/areas/new", headers={"X-CSRF-Token": admin})
    assert response.status_code == 400


async def test_garbled_content_length_is_not_a_crash(client: httpx.AsyncClient, admin: str) -> None:
    body = f"csrf_token={admin}".encode()
    for length in ("abc", "-1", "²", "99999999999999999999999", "1e3", ""):
        request = client.build_request(
            "POST",
            "/admin/areas/new",
            content=body,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        request.headers["content-length"] = length
        response = await client.send(request)
        assert_not_crashed(response)
        assert response.status_code in (400, 403, 413), length


# ------------------------------------------------------------------ session cookies


def _sign(payload: Any, key: str | None = None, *, timestamp: int | None = None) -> str:
    """A session cookie as Starlette's SessionMiddleware writes it (JSON, base64, signed)."""

    class Signer(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp if timestamp is not None else int(time.time())

    data = base64.b64encode(json.dumps(payload).encode())
    return Signer(key or str(app_settings.SECRET_KEY)).sign(data).decode()


async def _as_visitor(app: Starlette, cookie: str) -> tuple[httpx.Response, httpx.Response]:
    """/me and / with this cookie: (the /me answer, the home page)."""
    headers = {"cookie": f"{SESSION_COOKIE}={cookie}"}
    async with fresh_client(app) as visitor:
        me = await visitor.get("/me", headers=headers)
        home = await visitor.get("/", headers=headers)
    return me, home


def _anonymous(me: httpx.Response, home: httpx.Response) -> None:
    for response in (me, home):
        assert_not_crashed(response)
        assert_security_headers(response)
    assert me.status_code == 303 and me.headers["location"].startswith("/login")
    assert home.status_code == 200 and 'href="/login"' in home.text


@pytest.fixture
async def victim(clean_db: str) -> User:
    """User 1, an admin: the account a forged session would most like to be."""
    return await make_user("13800000001", Role.ADMIN)


@SESSIONS
@given(
    cookie=st.one_of(
        st.text(
            alphabet=st.characters(
                min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=';,"\\'
            ),
            max_size=200,
        ),
        st.sampled_from(
            [
                "",
                "null",
                "e30=",
                "eyJ1aWQiOiAxfQ==",
                "eyJ1aWQiOiAxfQ==.x.y",
                "eyJ1aWQiOiAxfQ==.YWJj.ZGVm",
            ]
        ),
    )
)
async def test_garbage_session_cookies_are_anonymous(
    app: Starlette, victim: User, cookie: str
) -> None:
    _anonymous(*await _as_visitor(app, cookie))


@SESSIONS
@given(data=st.data())
async def test_tampered_session_cookies_are_anonymous(
    app: Starlette, victim: User, data: st.DataObject
) -> None:
    real = _sign({"uid": victim.id, "csrf": "t"}, timestamp=SIGNED_AT)  # the same every example
    me, _home = await _as_visitor(app, real)
    assert me.status_code == 200  # the control: the untouched cookie signs in
    at = data.draw(st.integers(0, len(real) - 1))
    kind = data.draw(st.sampled_from(["flip", "cut", "append", "payload"]))
    if kind == "flip":
        swap = data.draw(st.sampled_from([c for c in "ABCabc0123-_.=" if c != real[at]]))
        cookie = real[:at] + swap + real[at + 1 :]
    elif kind == "cut":
        cookie = real[:at]
    elif kind == "append":
        cookie = real + data.draw(st.text("ABCabc0123-_.=", min_size=1, max_size=8))
    else:  # another user's id in the payload, the old signature kept
        _payload, _ts, signature = real.rsplit(".", 2)
        forged = base64.b64encode(json.dumps({"uid": victim.id + 1}).encode()).decode()
        cookie = f"{forged}.{_ts}.{signature}"
    if cookie == real:
        return
    me, home = await _as_visitor(app, cookie)
    if me.status_code == 200:  # base64 padding can absorb a changed last character
        assert itsdangerous.TimestampSigner(str(app_settings.SECRET_KEY)).validate(cookie)
        return
    _anonymous(me, home)


ODD_PAYLOADS: list[Any] = [
    {"user_id": 1},
    {"uid": "1"},
    {"uid": 1.0},
    {"uid": True},
    {"uid": 2**40},
    {"uid": 2**70},
    {"uid": -1},
    {"uid": 0},
    {"uid": None},
    {"uid": [1]},
    {"uid": {"id": 1}},
    {"uid": 999_999},
    {"csrf": 12345},
    {"csrf": None, "uid": "x"},
    {},
]


async def test_old_or_odd_session_payloads_are_anonymous(app: Starlette, victim: User) -> None:
    """Signed with the real key (an older version of the app, or a bug), but not what this
    version writes: nobody is signed in, nothing crashes. (Before: a 2**40 id crashed the
    request, and ``true`` signed in as user 1.)"""
    for payload in ODD_PAYLOADS:
        me, home = await _as_visitor(app, _sign(payload))
        _anonymous(me, home)
    me, _home = await _as_visitor(app, _sign({"uid": victim.id}))
    assert me.status_code == 200  # the control: what this version writes signs in


async def test_cookies_signed_with_another_key_or_expired_are_anonymous(
    app: Starlette, victim: User
) -> None:
    _anonymous(*await _as_visitor(app, _sign({"uid": victim.id}, key="an-old-secret-key")))
    old = int(time.time()) - app_settings.SESSION_MAX_AGE - 60
    _anonymous(*await _as_visitor(app, _sign({"uid": victim.id}, timestamp=old)))
    future = _sign({"uid": victim.id}, timestamp=int(time.time()) + 3600)
    me, _home = await _as_visitor(app, future)
    assert_not_crashed(me)


async def test_a_deactivated_account_is_signed_out(app: Starlette, victim: User) -> None:
    victim.is_active = False
    await victim.save()
    _anonymous(*await _as_visitor(app, _sign({"uid": victim.id})))


async def test_login_starts_a_fresh_session(app: Starlette, victim: User) -> None:
    """A cookie planted before login (fixation) does not become the signed-in session."""
    async with fresh_client(app) as visitor:
        token = await token_of(visitor)
        planted = visitor.cookies[SESSION_COOKIE]
        response = await visitor.post(
            "/login", data={"csrf_token": token, "mobile": "13800000001", "password": PASSWORD}
        )
        assert response.status_code == 303
        assert visitor.cookies[SESSION_COOKIE] != planted
        assert unmask(await token_of(visitor)) != unmask(token)  # a new token, not a new mask
    _anonymous(*await _as_visitor(app, planted))


async def test_a_cookie_copied_before_logout_is_dead_after_it(app: Starlette, victim: User) -> None:
    """Logging out bumps the account's session version: a copy of the cookie taken before
    (a shared computer, malware) is refused afterwards, in every browser."""
    async with fresh_client(app) as visitor:
        await login(visitor, "13800000001")
        copied = visitor.cookies[SESSION_COOKIE]
        await visitor.post("/logout", data={"csrf_token": await token_of(visitor)})
    me, _home = await _as_visitor(app, copied)
    assert me.status_code == 303


async def table_rows() -> dict[str, list[str]]:
    """Every row of every table (login attempts aside), as text: a read changes none."""
    conn = Tortoise.get_connection("default")
    rows = {}
    for model in Tortoise.apps.get_models_iterable():  # type: ignore[union-attr]
        table = model._meta.db_table
        if table != "login_attempt":
            found = await conn.execute_query_dict(f'SELECT * FROM "{table}"')
            rows[table] = sorted(repr(sorted(row.items())) for row in found)
    return rows


async def test_head_with_a_body_and_no_token_writes_nothing_anywhere(
    app: Starlette, client: httpx.AsyncClient, targets: list[str], admin: str
) -> None:
    """Issue 14 item 12: the CSRF check lets HEAD through as safe, so an endpoint that
    treats every method but GET as a write must not be reachable by HEAD. Every POST path
    that also answers GET (and so HEAD), sent a HEAD with a form body: nothing changes."""
    readable = [p for p in targets if (await client.get(p)).status_code != 405]
    assert len(readable) >= 7
    before = await table_rows()
    for path in readable:
        response = await client.request(
            "HEAD", path, data={"name": "改名", "title": "改名", "body": "x" * 30}
        )
        assert response.status_code < 500, (path, response.status_code)
    assert await table_rows() == before


async def test_head_cannot_rename_a_process_or_enter_a_paper_ballot(
    client: httpx.AsyncClient, areas: dict[str, Area], admin: str
) -> None:
    """The two writes the review made with a HEAD, each with a body that a POST (with its
    token) would accept: the HEAD changes nothing, the POST then does."""
    from ballot_factories import VILLAGE, id_number, roster_entries, voting_process

    from core.models import AuditEntry
    from projects.models import Process
    from votes.ballots.boxes import boxes_of
    from votes.sealing.models import SealedBallot

    process, proposals = await voting_process(areas, max_picks=2)
    [box] = await boxes_of(process)
    await roster_entries(areas[VILLAGE], 2)
    rename = {
        "name": "被改名",
        "area": str(areas["370104013000"].id),
        "description": "",
        "support_threshold": "0",
        "publicity_days": "7",
    }
    paper = {"id_number": id_number(1), f"p{proposals[0].id}": "1"}
    writes = [(f"/admin/processes/{process.id}/edit", rename), (f"/desk/paper/{box.id}", paper)]
    for path, form in writes:
        response = await client.request("HEAD", path, data=form)
        assert response.status_code == 200, (path, response.status_code)
    assert (await Process.get(id=process.id)).name != "被改名"
    writes_audited = AuditEntry.filter(action__in=("process.update", "ballot.paper"))
    assert not await SealedBallot.exists() and not await writes_audited.exists()
    for path, form in writes:
        response = await client.post(path, data={"csrf_token": admin, **form})
        assert response.status_code == 303, (path, response.text[:300])
    assert (await Process.get(id=process.id)).name == "被改名"
    assert await SealedBallot.filter(box=box).count() == 1  # sealed until the box is opened
    assert await writes_audited.count() == 2


def test_no_endpoint_branches_on_get_alone() -> None:
    """`if request.method == "GET"` sends HEAD (and anything else) down the write path;
    endpoints branch on POST instead."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = []
    for source in root.glob("**/*.py"):
        if ".venv" in source.parts or "tests" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if (
                isinstance(node, ast.Compare)
                and ast.unparse(node.left) == "request.method"
                and any(isinstance(c, ast.Constant) and c.value == "GET" for c in node.comparators)
            ):
                found.append(f"{source.relative_to(root)}:{node.lineno}")
    assert not found, found
