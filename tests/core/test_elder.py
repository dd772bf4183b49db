"""长辈模式: one tap from every page, remembered, and never mixed up by the page cache.

The switch is a plain link (a cached anonymous page carries no CSRF token) that sets a
year-long cookie and goes back to the page; the page then carries ``class="elder"`` on
<html> and folds secondary navigation under 更多. The public page cache keeps the two
renderings of a page apart: an elder visitor never gets the normal page, nor the reverse.
"""

from __future__ import annotations

import httpx
import pytest
from project_factories import make_process
from support import login, make_user

from core import elder
from core.models import Area, Role
from core.pagecache.store import PAGES
from projects.models import Phase, Process

ELDER_HTML = '<html lang="zh-CN" class="elder">'
NORMAL_HTML = '<html lang="zh-CN">'


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"], Phase.COLLECTING, name="2027 路灯年")


async def test_the_switch_is_on_every_page_and_leads_back_to_it(
    client: httpx.AsyncClient, process: Process
) -> None:
    path = f"/processes/{process.id}"
    page = await client.get(path, params={"category": "road"})
    assert NORMAL_HTML in page.text
    assert f'href="/elder/on?next={path}%3Fcategory%3Droad"' in page.text
    switched = await client.get("/elder/on", params={"next": f"{path}?category=road"})
    assert switched.status_code == 303
    assert switched.headers["location"] == f"{path}?category=road"
    cookie = switched.headers["set-cookie"]
    assert f"{elder.COOKIE}=1" in cookie and "Max-Age=31536000" in cookie
    assert "SameSite=lax" in cookie


async def test_elder_pages_fold_the_secondary_navigation(
    client: httpx.AsyncClient, process: Process
) -> None:
    await client.get("/elder/on", params={"next": "/"})
    page = await client.get(f"/processes/{process.id}")
    assert ELDER_HTML in page.text
    head, _, folded = page.text.partition('<details class="more">')
    assert folded, "no 更多 fold in 长辈模式"
    assert 'href="/login"' in head and 'href="/processes"' in head  # the essentials stay
    assert 'href="/consult"' in folded.split("</details>")[0]  # the rest is folded
    assert 'href="/elder/off?next=' in page.text and "退出长辈模式" in page.text


async def test_the_choice_is_remembered_until_turned_off(client: httpx.AsyncClient) -> None:
    await client.get("/elder/on", params={"next": "/"})
    assert ELDER_HTML in (await client.get("/letters")).text
    off = await client.get("/elder/off", params={"next": "/letters"})
    assert off.status_code == 303 and f'{elder.COOKIE}=""' in off.headers["set-cookie"]
    assert NORMAL_HTML in (await client.get("/letters")).text


async def test_the_switch_goes_nowhere_but_this_site(client: httpx.AsyncClient) -> None:
    away = await client.get("/elder/on", params={"next": "//evil.example/"})
    assert away.headers["location"] == "/"
    assert (await client.get("/elder/sideways")).status_code == 404


async def test_the_page_cache_never_serves_one_mode_to_the_other(
    client: httpx.AsyncClient, process: Process
) -> None:
    path = f"/processes/{process.id}"
    normal = await client.get(path)
    assert NORMAL_HTML in normal.text and len(PAGES) >= 1
    client.cookies.set(elder.COOKIE, "1")
    elderly = await client.get(path, headers={"If-None-Match": normal.headers["etag"]})
    assert elderly.status_code == 200, "the normal page's ETag answered an elder visitor"
    assert ELDER_HTML in elderly.text
    kept = await client.get(path, headers={"If-None-Match": elderly.headers["etag"]})
    assert kept.status_code == 304  # the elder page is kept too, under its own key
    client.cookies.delete(elder.COOKIE)
    again = await client.get(path)
    assert NORMAL_HTML in again.text and again.headers["etag"] == normal.headers["etag"]
    client.cookies.set(elder.COOKIE, "1")
    assert ELDER_HTML in (await client.get(path)).text


async def test_a_signed_in_elder_sees_the_mode_and_the_essentials(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000005", Role.RESIDENT, home=areas["370104013201"], name="张桂兰")
    await login(client, "13900000005")
    await client.get("/elder/on", params={"next": "/"})
    page = await client.get("/")
    head = page.text.partition('<details class="more">')[0]
    assert ELDER_HTML in page.text and 'href="/me"' in head and 'href="/messages"' in head
