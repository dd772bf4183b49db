"""The public page cache: kept pages for anonymous visitors, dropped by any write that a
public page could show — made through the app, or by another process straight in the
database — and never a signed-in person's page, a token or anything hidden."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable

import asyncpg
import httpx
import pytest
from project_factories import make_process, make_proposal
from support import login, make_user
from tortoise import Tortoise

from app import demo
from comments.models import Comment, Visibility
from core.models import Area, Role
from core.pagecache import generation
from core.pagecache.store import PAGES
from core.pagecache.tables import NEVER_SHOWN
from core.pagecache.triggers import model_tables
from projects.models import Phase, Process, Proposal, ProposalStatus

VILLAGE = "370104013201"


@pytest.fixture
async def proposal(areas: dict[str, Area]) -> Proposal:
    process = await make_process(areas["370104013000"], Phase.COLLECTING, name="2027 路灯年")
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], name="李四")
    proposal = await make_proposal(process, areas[VILLAGE], author, ProposalStatus.SUBMITTED)
    assert await generation.listening()
    return proposal


async def _eventually(check: Callable[[], Awaitable[bool]]) -> bool:
    """PostgreSQL tells the listening connection after the commit, a moment later."""
    for _ in range(100):
        if await check():
            return True
        await asyncio.sleep(0.02)
    return False


async def _settled() -> int | None:
    """The generation once no announcement is on its way: PostgreSQL tells of the setup's
    own commits a moment after them (CI once saw one land inside the quiet interval)."""
    seen = await generation.current()
    for _ in range(50):
        await asyncio.sleep(0.3)
        now = await generation.current()
        if now == seen:
            break
        seen = now
    return seen


async def _kept(client: httpx.AsyncClient, path: str) -> httpx.Response:
    first = await client.get(path)
    second = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 304, "the page was not kept"
    return first


async def test_an_anonymous_public_page_is_kept_with_an_etag_and_no_token(
    client: httpx.AsyncClient, proposal: Proposal
) -> None:
    page = await _kept(client, f"/processes/{proposal.process_id}")  # type: ignore[attr-defined]
    assert "2027 路灯年" in page.text
    assert page.headers["cache-control"] == "public, no-cache"
    assert "set-cookie" not in page.headers
    assert '"X-CSRF-Token": ""' in page.text
    again = await client.get(f"/processes/{proposal.process_id}")  # type: ignore[attr-defined]
    assert again.text == page.text and again.headers["etag"] == page.headers["etag"]


async def test_a_write_through_the_app_drops_the_kept_page(
    client: httpx.AsyncClient, proposal: Proposal
) -> None:
    path = f"/processes/{proposal.process_id}"  # type: ignore[attr-defined]
    await _kept(client, path)
    await Process.filter(id=proposal.process_id).update(name="2027 照明年")  # type: ignore[attr-defined]

    async def renamed() -> bool:
        return "2027 照明年" in (await client.get(path)).text

    assert await _eventually(renamed)


async def test_a_write_by_another_process_drops_the_kept_page(
    client: httpx.AsyncClient, database: str, proposal: Proposal
) -> None:
    path = f"/processes/{proposal.process_id}"  # type: ignore[attr-defined]
    await _kept(client, path)
    sql = f"UPDATE process SET name = '2027 外来年' WHERE id = {proposal.process_id}"  # type: ignore[attr-defined]
    if database.startswith("postgres"):
        other = await asyncpg.connect(database.replace("postgres://", "postgresql://", 1))
        try:
            await other.execute(sql)
        finally:
            await other.close()
    else:
        with sqlite3.connect(database.removeprefix("sqlite://")) as other_db:
            other_db.execute(sql)

    async def renamed() -> bool:
        return "2027 外来年" in (await client.get(path)).text

    assert await _eventually(renamed)


async def test_a_hidden_comment_is_never_served_from_a_kept_page(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    author = await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE])
    comment = await Comment.create(
        subject_type="proposal",
        subject_id=proposal.id,
        area_id=proposal.area_id,  # type: ignore[attr-defined]
        author=author,
        body="路灯装在村口最好",
    )
    path = f"/proposals/{proposal.id}"
    assert "路灯装在村口最好" in (await _kept(client, path)).text
    comment.visibility = Visibility.HIDDEN
    await comment.save(update_fields=["visibility"])

    async def gone() -> bool:
        return "路灯装在村口最好" not in (await client.get(path)).text

    assert await _eventually(gone)


async def test_a_draft_taken_back_leaves_no_kept_page(
    client: httpx.AsyncClient, proposal: Proposal
) -> None:
    path = f"/proposals/{proposal.id}"
    assert (await _kept(client, path)).status_code == 200
    await Proposal.filter(id=proposal.id).update(status=ProposalStatus.DRAFT)

    async def not_found() -> bool:
        return (await client.get(path)).status_code == 404

    assert await _eventually(not_found)


async def test_a_signed_in_person_never_gets_the_kept_page(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    path = f"/processes/{proposal.process_id}"  # type: ignore[attr-defined]
    anonymous = await _kept(client, path)
    await make_user("13900000003", Role.RESIDENT, home=areas[VILLAGE], name="王五")
    await login(client, "13900000003")
    mine = await client.get(path, headers={"If-None-Match": anonymous.headers["etag"]})
    assert mine.status_code == 200 and "etag" not in mine.headers
    assert "/me" in mine.text and '"X-CSRF-Token": ""' not in mine.text


async def test_an_anonymous_visitor_with_a_message_to_read_gets_it(
    client: httpx.AsyncClient, proposal: Proposal
) -> None:
    """A flash waits in the session (after signing out): the page is made for this visitor."""
    await _kept(client, "/")
    await make_user("13900000004", Role.RESIDENT)
    await login(client, "13900000004")
    await client.post("/logout", data={"csrf_token": await _token(client)})
    page = await client.get("/")
    assert 'class="flash' in page.text and "etag" not in page.headers


async def _token(client: httpx.AsyncClient) -> str:
    from support import csrf

    return await csrf(client, "/me")


async def test_casting_writes_leave_the_kept_pages_alone(
    client: httpx.AsyncClient, proposal: Proposal
) -> None:
    """Tables written by every ballot cast are declared unseen; a public table is not."""
    connection = Tortoise.get_connection("default")
    before = await _settled()
    await connection.execute_script("UPDATE roster_entry SET voted = voted")
    await connection.execute_script("DELETE FROM voter_mark")
    await asyncio.sleep(0.3)
    assert await generation.current() == before
    await connection.execute_script("UPDATE roster_entry SET area_id = area_id")

    async def moved() -> bool:
        return await generation.current() != before

    assert await _eventually(moved)


async def test_every_table_but_the_declared_ones_announces_its_writes(database: str) -> None:
    connection = Tortoise.get_connection("default")
    if database.startswith("postgres"):
        rows = await connection.execute_query_dict(
            "SELECT c.relname AS t FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
            "WHERE g.tgname = 'yishi_pages'"
        )
        announced = {row["t"] for row in rows}
    else:
        rows = await connection.execute_query_dict(
            "SELECT tbl_name AS t FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'yishi_pages_%'"
        )
        announced = {row["t"] for row in rows}
    tables = set(model_tables())
    assert announced == tables - NEVER_SHOWN
    assert {"sealed_ballot", "voter_mark", "login_attempt"} <= NEVER_SHOWN
    assert len(PAGES) <= PAGES.capacity


HREF = re.compile(r'href="(/[^"#]*)"')


async def test_no_page_kept_for_anyone_asks_anything_of_its_visitor(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    """Walk the demo district as an anonymous visitor: a kept page is shown to everybody,
    so it holds no form that writes (its token would be nobody's) and no personal data."""
    await demo.load_into_open_database()
    assert await generation.listening()
    seen, queue, kept = {"/"}, ["/"], 0
    while queue and len(seen) < 400:
        page = await client.get(queue.pop(0))
        if page.status_code != 200 or "text/html" not in page.headers["content-type"]:
            continue
        if "etag" in page.headers:
            kept += 1
            assert 'method="post"' not in page.text and "hx-post" not in page.text, page.url
            assert "1390000" not in page.text, page.url  # demo mobile numbers
        for link in HREF.findall(page.text):
            if not link.startswith("/static/") and link not in seen:
                seen.add(link)
                queue.append(link)
    assert kept >= 20, f"only {kept} kept pages among {len(seen)} visited"
