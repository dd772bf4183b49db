"""Privacy (个人信息保护法): the policy page, the separate consent before an ID number is
used, "我的数据" downloads gathered from every package, and deleting an account."""

from __future__ import annotations

import io
import json

import httpx
from ballot_factories import VILLAGE, id_number, verified_voter, voting_process
from openpyxl import load_workbook
from support import PASSWORD, login, make_user, post, register
from tortoise import Tortoise

from comments.models import Comment, Stance
from core.accounts.models import Consent, ConsentPurpose
from core.accounts.privacy import POLICY_VERSION
from core.models import Area, AuditEntry, Role, RoleGrant, User
from notify.models import Kind, Message
from projects.models import Proposal, Support
from residents.models import RosterEntry
from votes.ballots import services as ballots
from votes.ballots.boxes import boxes_of
from votes.sealing.models import SealedBallot

MOBILE = "13912340001"


async def test_the_policy_page_and_the_footer_link_on_every_page(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    page = await client.get("/privacy")
    assert page.status_code == 200
    for words in (POLICY_VERSION, "身份证号", "摘要", "保存多久", "您的权利", "联系我们"):
        assert words in page.text
    for path in ("/", "/login", "/register", "/processes", "/consult", "/privacy"):
        assert 'href="/privacy"' in (await client.get(path)).text, path


async def _resident_with_a_history(areas: dict[str, Area]) -> tuple[User, int]:
    """A verified voter who proposed, supported, commented, voted and got a message."""
    process, proposals = await voting_process(areas, max_picks=1)
    entry = await verified_voter(MOBILE, areas[VILLAGE], 7)
    user = await User.get(id=entry.user_id)  # type: ignore[arg-type]
    await Proposal.filter(id=proposals[0].id).update(author_id=user.id)
    await Support.create(proposal=proposals[1], user=user)
    await Comment.create(
        subject_type="proposal",
        subject_id=proposals[1].id,
        area=areas[VILLAGE],
        author=user,
        stance=Stance.SUPPORT,
        body="路灯装上，老人晚上出门放心",
    )
    await Message.create(
        user=user, kind=Kind.VOTE_OPENED, title="投票开始", body="请投票", link="/processes"
    )
    [box] = await boxes_of(process)
    await ballots.ballot_cast(process, box, entry, {proposals[2].id: 1})
    return user, proposals[0].id


async def test_my_data_downloads_hold_what_every_package_keeps(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    user, proposal_id = await _resident_with_a_history(areas)
    await login(client, MOBILE)
    page = await client.get("/me/data")
    assert page.status_code == 200 and "注销账户" in page.text
    as_json = await client.get("/me/data/json")
    assert as_json.status_code == 200
    assert "attachment" in as_json.headers["content-disposition"]
    data = json.loads(as_json.content)["data"]
    assert data["account"][0]["mobile"] == MOBILE
    assert data["roster"][0]["roster_name"] == user.name
    assert [p["id"] for p in data["proposals"]] == [proposal_id]
    assert len(data["supports"]) == 1
    assert data["comments"][0]["body"] == "路灯装上，老人晚上出门放心"
    assert data["votes"][0]["channel"] == "online"  # that, never what
    assert data["messages"][0]["title"] == "投票开始"
    as_xlsx = await client.get("/me/data/xlsx")
    book = load_workbook(io.BytesIO(as_xlsx.content))
    assert {"账户", "提案", "评论与意见", "站内消息", "名册核验"} <= set(book.sheetnames)
    assert book["账户"]["B2"].value == MOBILE
    assert (await client.get("/me/data/pdf")).status_code == 404


async def _ballot_rows() -> list[dict[str, object]]:
    conn = Tortoise.get_connection("default")
    sealed = await conn.execute_query_dict("SELECT * FROM sealed_ballot ORDER BY id")
    marks = await conn.execute_query_dict("SELECT * FROM voter_mark ORDER BY id")
    return [*sealed, *marks]


async def test_deleting_an_account_erases_it_but_keeps_the_ballot_and_the_record(
    app: object, client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    user, proposal_id = await _resident_with_a_history(areas)
    ballots_before = await _ballot_rows()
    assert await SealedBallot.exists()
    await login(client, MOBILE)
    refused = await post(client, "/me/delete", {"password": "wrong-one-1", "confirm": "yes"})
    assert refused.status_code == 400 and "密码不正确" in refused.text
    unconfirmed = await post(client, "/me/delete", {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and "请勾选确认" in unconfirmed.text
    assert (await User.get(id=user.id)).is_active

    done = await post(client, "/me/delete", {"password": PASSWORD, "confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/"
    gone = await User.get(id=user.id)
    assert gone.name == "已注销用户" and gone.mobile != MOBILE and not gone.is_active
    assert gone.email is None and gone.home_area_id is None and gone.mobile_verified_at is None
    assert not gone.password_hash.startswith("$argon2")
    assert not await RoleGrant.filter(user_id=user.id).exists()
    assert not await Consent.filter(user_id=user.id).exists()
    assert not await Message.filter(user_id=user.id).exists()
    entry = await RosterEntry.get(name=user.name)
    assert entry.user_id is None and entry.voted  # unlinked; still cannot vote twice
    # Public contributions stay, now under the deleted account's name.
    assert (await Proposal.get(id=proposal_id)).author_id == user.id
    assert await Comment.filter(author_id=user.id).count() == 1
    # Ballots untouched, byte for byte.
    assert await _ballot_rows() == ballots_before
    # The log keeps that it happened, under no name or number.
    record = await AuditEntry.get(action="account.delete")
    assert MOBILE not in record.actor_name and user.name not in record.actor_name
    # Signed out, and the number is free to register again.
    assert (await client.get("/me")).status_code == 303
    client.cookies.clear()
    again = await register(client, areas[VILLAGE], mobile=MOBILE)
    assert again.status_code == 303


async def test_id_verification_asks_its_own_consent(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, MOBILE)
    page = await client.get("/verify")
    assert 'name="id_consent"' in page.text
    form = {"name": user.name, "id_number": id_number(99), "area": str(areas[VILLAGE].id)}
    refused = await post(client, "/verify", form)
    assert refused.status_code == 400 and "请先勾选同意以身份证号核对居民名册" in refused.text
    assert not await Consent.exists()
    await post(client, "/verify", form | {"id_consent": "yes"})
    consent = await Consent.get(user_id=user.id)
    assert consent.purpose == ConsentPurpose.ID_VERIFICATION
    assert consent.policy_version == POLICY_VERSION
    assert "同意以身份证号核对居民名册" in (await client.get("/me/data")).text


async def test_whoever_agreed_to_an_older_policy_is_told_until_they_agree(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT, home=areas[VILLAGE])
    await login(client, MOBILE)
    assert 'id="policy-update"' not in (await client.get("/")).text  # never agreed online
    await Consent.create(
        user_id=user.id, purpose=ConsentPurpose.PRIVACY_POLICY, policy_version="2026-01-01"
    )
    page = (await client.get("/processes")).text
    assert 'id="policy-update"' in page and f"《隐私政策》已更新（{POLICY_VERSION} 版）" in page
    assert "名册按身份证号得出性别" in page
    agreed = await post(client, "/privacy/agree", {"next": "/processes"})
    assert agreed.status_code == 303 and agreed.headers["location"] == "/processes"
    assert await Consent.exists(
        user_id=user.id, purpose=ConsentPurpose.PRIVACY_POLICY, policy_version=POLICY_VERSION
    )
    assert 'id="policy-update"' not in (await client.get("/processes")).text
    assert "已同意新版" not in (await client.get("/")).text  # the flash was shown once
    client.cookies.clear()
    assert (await post(client, "/privacy/agree", {})).status_code in (303, 401, 403)
    assert await Consent.filter(policy_version=POLICY_VERSION).count() == 1
