"""The inbox (站内信) with its header badge, and the preferences page."""

from __future__ import annotations

import httpx
from support import csrf_from, login, make_user, post

from core.models import Area, Role, User
from notify.kinds import Channel, Kind
from notify.models import Message, Preference
from notify.services import Note, notify

VILLAGE = "370104013201"


async def test_the_inbox_shows_unread_first_and_opening_marks_read(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    person = await make_user("13900000301", Role.RESIDENT, home=areas[VILLAGE])
    other = await make_user("13900000302", Role.RESIDENT, home=areas[VILLAGE])
    await notify([person.id], Note(Kind.VOTE_OPENED, "旧消息", "已读的", "/processes/1"))
    await notify(
        [person.id, other.id], Note(Kind.RESULTS_PUBLISHED, "新消息", "未读", "/processes/2")
    )
    old = await Message.get(user_id=person.id, title="旧消息")
    await login(client, "13900000301")
    assert 'aria-label="2 条未读"' in (await client.get("/")).text
    opened = await post(client, f"/messages/{old.id}/open")
    assert (opened.status_code, opened.headers["location"]) == (303, "/processes/1")
    page = (await client.get("/messages")).text
    assert page.index("新消息") < page.index("旧消息")  # unread first
    token = csrf_from(page)
    assert page.count(f'name="csrf_token" value="{token}"') == page.count('method="post"')
    assert 'aria-label="1 条未读"' in page
    theirs = await Message.get(user_id=other.id)
    assert (await post(client, f"/messages/{theirs.id}/open")).status_code == 404
    assert (await Message.get(id=theirs.id)).read_at is None
    assert (await post(client, "/messages/read-all")).status_code == 303
    page = (await client.get("/messages")).text
    assert '条未读"' not in page and "0 条未读" in page
    assert await Message.filter(user_id=other.id, read_at__isnull=True).count() == 1


async def test_preferences_are_saved_per_kind_and_channel(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    person = await make_user("13900000311", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000311")
    assert 'href="/me/notifications"' in (await client.get("/me")).text
    page = (await client.get("/me/notifications")).text
    assert 'name="account.site"' not in page  # security notices stay on the site
    assert 'name="vote_opened.sms" checked' in page
    bad = await post(
        client, "/me/notifications", {"email": "not-an-address", "vote_opened.site": "on"}
    )
    assert bad.status_code == 400 and "请输入正确的电子邮箱地址" in bad.text
    assert 'value="not-an-address"' in bad.text  # nothing typed is lost
    assert not await Preference.exists(user_id=person.id)
    chosen = {"email": "li@example.com", "vote_opened.site": "on", "vote_opened.email": "on"}
    assert (await post(client, "/me/notifications", chosen)).status_code == 303
    prefs = {(p.kind, p.channel): p.enabled for p in await Preference.filter(user_id=person.id)}
    assert prefs[(Kind.VOTE_OPENED, Channel.EMAIL)] and not prefs[(Kind.VOTE_OPENED, Channel.SMS)]
    assert prefs[(Kind.ACCOUNT, Channel.SITE)]  # fixed, though no box was sent
    assert not prefs[(Kind.ACCOUNT, Channel.SMS)]
    assert (await User.get(id=person.id)).email == "li@example.com"
    page = (await client.get("/me/notifications")).text
    assert 'name="vote_opened.sms"' in page  # still offered, now unticked:
    assert 'name="vote_opened.sms" checked' not in page


async def test_a_kind_muted_on_the_site_arrives_read(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    person = await make_user("13900000321", Role.RESIDENT, home=areas[VILLAGE])
    await Preference.create(
        user=person, kind=Kind.PROJECT_PROGRESS, channel=Channel.SITE, enabled=False
    )
    await notify([person.id], Note(Kind.PROJECT_PROGRESS, "进度", "开工了", "/proposals/1"))
    await notify([person.id], Note(Kind.VOTE_OPENED, "投票", "开始了", "//evil.example/x"))
    muted = await Message.get(user_id=person.id, kind=Kind.PROJECT_PROGRESS)
    assert muted.read_at is not None
    await login(client, "13900000321")
    page = (await client.get("/messages")).text
    assert "进度" in page and 'aria-label="1 条未读"' in page
    odd = await Message.get(user_id=person.id, kind=Kind.VOTE_OPENED)
    opened = await post(client, f"/messages/{odd.id}/open")
    assert opened.headers["location"] == "/messages"  # never off the site
