"""The 公示 notice for an A4 village board and QR posters (issue 17 item 10): one clean
title, the issuing office and date, the contact phone from the area's settings, a QR code
that opens the objection page, a page a phone reads at its width, and share metadata."""

from __future__ import annotations

import io
import re

import httpx
import pytest
import segno
from accountability_factories import published
from support import login, make_user, post

from core import settings
from core.models import Area, AuditEntry, Role
from core.qr import qr_svg, site_url
from projects.models import Process, Proposal, ProposalStatus
from votes.results.notice import notice_title

TOWNSHIP = "370104013000"
DISTRICT = "370104000000"


def _qr_path(url: str) -> str:
    """The drawing of the QR code for `url`, as core.qr draws it: the test decodes nothing,
    it checks the page carries the code of exactly this address."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", border=4, scale=4)
    match = re.search(r' d="([^"]+)"', buffer.getvalue().decode())
    assert match is not None
    return match.group(1)


@pytest.fixture
async def board(areas: dict[str, Area]) -> tuple[Process, list[Proposal]]:
    return await published(areas)


async def _admin(client: httpx.AsyncClient) -> None:
    await make_user("13800000071", Role.ADMIN)
    await login(client, "13800000071")


def test_the_qr_code_scales_to_its_box_with_a_whole_quiet_zone() -> None:
    """A drawing of fixed size in a smaller CSS box lost its right and bottom edges."""
    svg = str(qr_svg("/processes/1/objections", "扫码提出异议"))
    head = svg[: svg.index(">")]
    assert "viewBox" in head and " width=" not in head and " height=" not in head
    modules = segno.make(site_url("/processes/1/objections"), error="m", micro=False)
    side = (modules.symbol_size(border=4, scale=4))[0]
    assert f'viewBox="0 0 {side} {side}"' in head


def test_the_title_says_what_it_is_once() -> None:
    assert (
        notice_title("2026 年度一事一议奖补项目") == "关于2026 年度一事一议奖补项目拟奖补名单的公示"
    )
    assert (
        notice_title("2027 年度民生实事参与式预算")
        == "关于2027 年度民生实事参与式预算一事一议财政奖补项目的公示"
    )


async def test_the_notice_is_signed_dated_and_carries_the_objection_qr(
    client: httpx.AsyncClient, board: tuple[Process, list[Proposal]], areas: dict[str, Area]
) -> None:
    process, _proposals = board
    process.name = "2026 年度一事一议奖补项目"
    await process.save()
    await _admin(client)
    bad = await post(
        client,
        f"/admin/areas/{TOWNSHIP}/edit",
        {
            "name": "吴家堡街道",
            "population": "36500",
            "households": "12800",
            "contact_phone": "请见公开栏",
        },
    )
    assert bad.status_code == 400 and "联系电话应为座机" in bad.text
    await post(
        client,
        f"/admin/areas/{TOWNSHIP}/edit",
        {
            "name": "吴家堡街道",
            "population": "36500",
            "households": "12800",
            "contact_phone": "0531 8765 4321",
            "office_name": "",
        },
    )
    await post(
        client,
        f"/admin/areas/{DISTRICT}/edit",
        {
            "name": "槐荫区",
            "population": "527600",
            "households": "196300",
            "office_name": "槐荫区财政局",
            "contact_phone": "",
        },
    )
    township = await Area.get(code=TOWNSHIP)
    assert township.contact_phone == "053187654321"
    entry = await AuditEntry.filter(action="area.update", target_id=TOWNSHIP).first()
    assert entry is not None
    assert entry.before["contact_phone"] == "" and entry.after["contact_phone"] == "053187654321"
    await post(client, "/logout")
    page = await client.get(f"/processes/{process.id}/awards/notice")
    text = page.text
    assert "<h1>关于2026 年度一事一议奖补项目拟奖补名单的公示</h1>" in text
    assert "项目一事一议" not in text and "项目拟奖补名单的公示" in text
    # The district's office signs (the township set none); the township's phone is nearest.
    assert "槐荫区财政局" in text and "联系电话：053187654321" in text
    assert "请见村（社区）公开栏" not in text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text.split('class="sign"')[1])
    objection_url = f"{settings.SITE_URL}/processes/{process.id}/objections"
    assert _qr_path(objection_url) in text and "<svg" in text
    assert 'name="viewport" content="width=device-width' in text
    assert "<main>" in text and "<header>" in text


async def test_posters_open_the_page_they_are_for(
    client: httpx.AsyncClient, board: tuple[Process, list[Proposal]]
) -> None:
    process, proposals = board
    poster = await client.get(f"/processes/{process.id}/poster")
    assert poster.status_code == 200
    assert _qr_path(f"{settings.SITE_URL}/processes/{process.id}") in poster.text
    one = await client.get(f"/proposals/{proposals[0].id}/poster")
    assert _qr_path(f"{settings.SITE_URL}/proposals/{proposals[0].id}") in one.text
    assert proposals[0].title in one.text
    await Proposal.filter(id=proposals[1].id).update(status=ProposalStatus.DRAFT)
    hidden = await client.get(f"/proposals/{proposals[1].id}/poster")
    assert hidden.status_code == 404  # a draft's poster is no more public than the draft


async def test_pages_carry_a_share_card(
    client: httpx.AsyncClient, board: tuple[Process, list[Proposal]]
) -> None:
    process, proposals = board
    page = (await client.get(f"/processes/{process.id}")).text
    assert f'<meta property="og:title" content="{process.name}">' in page
    assert re.search(r'<meta name="description" content="[^"]*参与式预算', page)
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert image is not None and image.group(1).startswith(settings.SITE_URL + "/static/")
    assert (await client.get(image.group(1).removeprefix(settings.SITE_URL))).status_code == 200
    proposal = (await client.get(f"/proposals/{proposals[0].id}")).text
    assert f'<meta property="og:title" content="{proposals[0].title}">' in proposal
    home = (await client.get("/")).text
    assert '<meta name="description" content="议事' in home
