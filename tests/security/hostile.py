"""Hostile input for the security tests: hypothesis strategies, fresh clients, checks.

Imported by the tests in this folder as ``security.hostile`` (``tests/`` is on the path).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote_plus

import httpx
import pytest
from consult_factories import add_questions, make_opinion, make_topic
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from letter_factories import make_letter
from project_factories import make_process, make_proposal
from starlette.applications import Starlette
from starlette.routing import Route
from support import csrf, make_user

from accountability.implementation.models import Spend
from accountability.objections.models import Objection
from accountability.ratings.models import ProjectRating
from consult.models import TopicDocument, TopicStatus
from core.forms import clean
from core.models import Area, Role
from notify.kinds import Channel, Kind
from notify.models import Delivery, DeliveryState, Message
from projects.models import Attachment

# Modest, deadline-free, no example database on disk; fixtures are set up once per test
# (not per example), so every test is written to hold whatever earlier examples left.
# YISHI_FUZZ_SCALE=20 multiplies every test's examples, for a deeper run by hand.
SCALE = int(os.environ.get("YISHI_FUZZ_SCALE", "1"))
_BASE = settings(
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def fuzz(examples: int) -> settings:
    return settings(_BASE, max_examples=examples * SCALE)


FUZZ = fuzz(40)
FEW = fuzz(20)
# A failing example may hold 100 KB strings; hypothesis then warns about printing it, and
# the suite's warnings-as-errors would hide the real failure behind that warning.
QUIET_REPR = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea><script>alert(1)</script>",
    '" hx-get="/admin/users" hx-trigger="load',
    "<style>body{display:none}</style>",
    "&lt;script&gt;",
]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\r\n", "\t"]
UNICODE = [
    "\u202e",
    "\u200f",
    "\u200e",
    "\u2066",
    "\ufeff",
    "\u200b",
    "\u00a0",
    "\u3000",
    "😀",
    "👨‍👩‍👧‍👦",
    "𠀀",
    "é",
    "ǅ",
    "İ",
    "ﬃ",
    "\u0301",
    "\U0010ffff",
    "\ufffd",
]
NUMBERS = [
    "0",
    "-1",
    "1e9",
    "1,000",
    "１２３",
    "²",
    "١٢٣",
    "9" * 30,
    "2147483648",
    "9223372036854775808",
    "0x10",
    "NaN",
    "Infinity",
    " 7 ",
    "1.5",
    "¥800",
    "00000000001",
]
DATES = [
    "2026-09-12",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "20260912",
    "2026-W01-1",
    "2026-09-12T10:00",
    "昨天",
]
# Well-formed mobile numbers, so that some examples get past the format check.
MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)

VILLAGE_CODE, STREET_CODE = "370104013201", "370104013000"  # 吴家堡村 in 吴家堡街道

# Packages still being built are left out of the route-wide fuzzing until they land.
# Nothing is in progress now: every route is fuzzed.
IN_PROGRESS_MODULES: tuple[str, ...] = ()
IN_PROGRESS_PATHS: tuple[str, ...] = ()


def settled_routes(app: Starlette) -> list[Route]:
    """The app's routes, without those still being built."""
    found = []
    for route in app.routes:
        if not isinstance(route, Route):
            continue
        module = getattr(route.endpoint, "__module__", "") or ""
        if module.startswith(IN_PROGRESS_MODULES) or route.path.startswith(IN_PROGRESS_PATHS):
            continue
        found.append(route)
    return found


@st.composite
def big_text(draw: st.DrawFn) -> str:
    """A string of 100 KB and more, cheap to draw."""
    unit = draw(st.sampled_from(["a", "议", "😀", "<", "\x00", "=1+1", "\u202e"]))
    return unit * draw(st.integers(min_value=100_000, max_value=120_000))


def hostile_text(*extra: str, big: bool = True) -> st.SearchStrategy[str]:
    """Anything a form field might carry: random text, markup, control and odd characters,
    numbers in odd forms, dates, 100 KB strings (not in URLs: `big=False`); `extra` adds
    plausible values."""
    pieces = st.sampled_from([*XSS, *CONTROL, *UNICODE, *NUMBERS, *DATES, *extra])
    mixed = st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=6).map("".join)
    choices = [st.text(max_size=80), pieces, mixed, *([big_text()] if big else [])]
    if extra:
        choices.insert(0, st.sampled_from(extra))
    return st.one_of(*choices)


def form_of(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict[str, str]]:
    """A form where every field may be present with a hostile value, or missing."""
    return st.fixed_dictionaries({}, optional=fields)


def cleaned(value: str) -> str:
    """What the app keeps of a typed value: control characters dropped, trimmed."""
    return clean(value)


@asynccontextmanager
async def fresh_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A new visitor (own cookies) on the same app and database."""
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 5000))
    async with httpx.AsyncClient(
        transport=transport, base_url="https://testserver", follow_redirects=False
    ) as http:
        yield http


async def token_of(client: httpx.AsyncClient) -> str:
    return await csrf(client)


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], token: str, **kwargs: Any
) -> httpx.Response:
    return await client.post(path, data={**data, "csrf_token": token}, **kwargs)


# Starlette refuses a form field over 1 MB (as sent, percent-encoded) before the CSRF token
# is read: such a post is answered 413 with the size page (core/csrf.py). Nothing is stored.
FIELD_LIMIT = 1024 * 1024


def oversized(form: dict[str, str]) -> bool:
    return any(len(quote_plus(value)) > FIELD_LIMIT for value in form.values())


def assert_answer(response: httpx.Response, form: dict[str, str], *allowed: int) -> None:
    """Not crashed, and one of the `allowed` statuses (413 for an oversized field)."""
    assert_not_crashed(response)
    if oversized(form):
        allowed = (413,)
    assert response.status_code in allowed, (response.status_code, response.text[:300])


def assert_not_crashed(response: httpx.Response) -> None:
    """Never a 5xx; never a stack trace or the database's own words in the page."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    body = response.text if _is_text(response) else ""
    for leak in (
        "Traceback",
        "OperationalError",
        "IntegrityError",
        'File "/',
        "asyncpg",
        "sqlite3",
        "tortoise.",
    ):
        assert leak not in body, f"{leak!r} leaked into the page"


def _is_text(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "")
    return kind.startswith(("text/", "application/json"))


def assert_escaped(response: httpx.Response, *values: str) -> None:
    """No markup we were sent comes back live: every XSS payload is escaped or absent."""
    if not response.headers.get("content-type", "").startswith("text/html"):
        return
    body = response.text
    for value in values:
        for payload in XSS:
            if payload in value and "<" in payload:
                assert payload not in body, f"{payload!r} came back unescaped"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "an inline <script>"


def assert_security_headers(response: httpx.Response) -> None:
    """The headers every answer carries, whatever it is (page, file, redirect, error)."""
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    directives = dict([*part.strip().split(" ", 1), ""][:2] for part in csp.split(";"))
    assert directives.get("script-src") == "'self'", csp
    assert directives.get("frame-ancestors") == "'none'", csp
    assert directives.get("default-src") == "'self'", csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "same-origin"


async def make_records(areas: dict[str, Area]) -> dict[str, int]:
    """One record of every kind a route names, in 吴家堡街道, for path parameters."""
    author = await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE_CODE])
    process = await make_process(areas[STREET_CODE])
    proposal = await make_proposal(process, areas[VILLAGE_CODE], author)
    draft = await make_proposal(process, areas[VILLAGE_CODE], author, status="draft")
    attachment = await Attachment.create(
        proposal=draft,
        kind="photo",
        stored_name="x.png",
        thumb_name="",
        original_name="x.png",
        content_type="image/png",
        size=1,
    )
    topic = await make_topic(areas[STREET_CODE], TopicStatus.DRAFT)
    questions = await add_questions(topic)
    open_topic = await make_topic(areas[STREET_CODE])
    opinion = await make_opinion(open_topic, author)
    document = await TopicDocument.create(
        topic=topic, kind="pdf", stored_name="d.pdf", original_name="d.pdf", size=1, sha256="0" * 64
    )
    objection = await Objection.create(
        process=process, proposal=proposal, author=author, reason="理由" * 6
    )
    letter = await make_letter(author, areas[VILLAGE_CODE])
    spend = await Spend.create(
        proposal=proposal, amount_fen=100, spent_on="2026-11-01", purpose="材料"
    )
    rating = await ProjectRating.create(proposal=proposal, user=author, score=3, comment="还行")
    message = await Message.create(
        user=author, kind=Kind.VOTE_OPENED, title="投票", body="开始了", link="/processes"
    )
    delivery = await Delivery.create(
        message=message,
        channel=Channel.SMS,
        address=author.mobile,
        state=DeliveryState.FAILED,
        next_attempt_at=dt.datetime.now(dt.UTC),
    )
    return {
        "message_id": message.id,
        "delivery_id": delivery.id,
        "objection_id": objection.id,
        "letter_id": letter.id,
        "spend_id": spend.id,
        "rating_id": rating.id,
        "award_id": 1,
        "file_id": 1,
        "process_id": process.id,
        "proposal_id": draft.id,
        "attachment_id": attachment.id,
        "comment_id": opinion.id,
        "subject_id": proposal.id,
        "topic_id": topic.id,
        "question_id": questions["single"].id,
        "document_id": document.id,
        "user_id": author.id,
        "resident_id": author.id,  # the one an official acts for at the 代办 desk
        "grant_id": 1,
        "box_id": 1,
    }
