"""代办: an official registers, verifies and writes for a resident at the desk; every act is
kept under both names, told to the resident, and visible in 我的 and their data download."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from project_factories import make_process
from support import login, make_user, password_hash, post

from assist.models import ActKind, AssistAct, AssistedContact, PhoneOwner
from assist.permissions import DAILY_FLAG
from core import clock
from core.accounts.models import Consent, ConsentPurpose
from core.accounts.privacy import POLICY_VERSION
from core.forms import MOBILE_RE
from core.models import Area, AuditEntry, Role, User
from letters.models import Letter
from notify.kinds import Kind
from notify.models import Message
from projects.models import Phase, Proposal, ProposalStatus
from residents import idcard
from residents.models import RosterEntry, Verification

VILLAGE, STREET, FAR = "370104013201", "370104013000", "370104100201"
OFFICIAL = "13800000002"


def number(seq: int) -> str:
    return idcard.make_number("370104", dt.date(1948, 5, 1), seq)


@pytest.fixture
async def official(client: httpx.AsyncClient, areas: dict[str, Area]) -> User:
    for seq, (code, name) in enumerate([(VILLAGE, "王秀芝"), (FAR, "孙德胜")], start=1):
        await RosterEntry.create(
            area=areas[code],
            id_hash=idcard.id_hash(number(seq)),
            name=name,
            birth_date=dt.date(1948, 5, 1),
        )
    user = await make_user(OFFICIAL, Role.OFFICIAL, scope=areas[STREET], name="李秀英")
    await login(client, OFFICIAL)
    return user


def newcomer(areas: dict[str, Area], **overrides: str) -> dict[str, str]:
    return {
        "name": "王秀芝",
        "phone_owner": "self",
        "mobile": "13700000001",
        "relation": "",
        "area": str(areas[VILLAGE].id),
        "id_number": number(1),
        "reason": "本人不会用智能手机",
        "consent_read": "yes",
    } | overrides


async def register(client: httpx.AsyncClient, areas: dict[str, Area], **kw: str) -> User:
    response = await post(client, "/desk/assist", newcomer(areas, **kw))
    assert response.status_code == 303, response.text
    resident = await User.get(name=kw.get("name", "王秀芝"))
    assert response.headers["location"] == f"/desk/assist/{resident.id}"
    return resident


async def test_the_desk_shows_the_consent_text_to_read_aloud_and_the_tick(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    page = (await client.get("/desk/assist")).text
    assert "请向本人宣读" in page and "身份证号只用于核对居民名册" in page
    assert "已向本人宣读并取得同意" in page and "吴家堡村" in page
    assert "睦里庄村" not in page  # not this official's village


async def test_an_official_registers_verifies_and_records_consent(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    resident = await register(client, areas)
    assert resident.home_area_id == areas[VILLAGE].id  # type: ignore[attr-defined]
    assert resident.mobile == "13700000001" and resident.mobile_verified_at is not None
    entry = await RosterEntry.get(user_id=resident.id)
    assert entry.verification == Verification.IN_PERSON
    assert entry.verified_by_id == official.id  # type: ignore[attr-defined]
    consents = await Consent.filter(user_id=resident.id).order_by("purpose")
    assert {(c.purpose, c.policy_version) for c in consents} == {
        (ConsentPurpose.PRIVACY_POLICY, POLICY_VERSION),
        (ConsentPurpose.ID_VERIFICATION, POLICY_VERSION),
    }
    contact = await AssistedContact.get(resident_id=resident.id)
    assert contact.phone_owner == PhoneOwner.SELF
    acts = await AssistAct.filter(resident_id=resident.id).order_by("id")
    assert [a.kind for a in acts] == [ActKind.CONSENT, ActKind.REGISTER]
    assert all(a.official_id == official.id and a.reason == "本人不会用智能手机" for a in acts)
    assert acts[1].summary == "由 李秀英 代办：注册账户并现场核验为吴家堡村居民"
    # Audited under both names: the official acts, the resident is who it was done for.
    audits = await AuditEntry.filter(action__startswith="assist.").order_by("id")
    assert [a.action for a in audits] == ["assist.consent", "assist.register"]
    for entry_ in audits:
        assert entry_.actor_id == official.id  # type: ignore[attr-defined]
        assert entry_.after["on_behalf_of"] == resident.id
        assert "由 李秀英 代办" in entry_.summary and "王秀芝" in entry_.summary
    assert await AuditEntry.exists(action="roster.verify_in_person", actor_id=official.id)
    # The resident hears of it (they have a phone).
    notes = await Message.filter(user_id=resident.id, kind=Kind.ACCOUNT)
    assert len(notes) == 2 and notes[0].link == "/me"
    page = (await client.get(f"/desk/assist/{resident.id}")).text
    assert "已核验" in page and "本人的手机号" in page


async def test_a_resident_without_a_phone_gets_an_account_no_one_can_text(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    resident = await register(client, areas, phone_owner="none", mobile="")
    assert not MOBILE_RE.fullmatch(resident.mobile) and resident.mobile.startswith("0")
    assert resident.mobile_verified_at is None and resident.password_hash == ""
    assert not await Message.exists(user_id=resident.id)
    assert await AssistAct.filter(resident_id=resident.id).count() == 2
    page = (await client.get(f"/desk/assist/{resident.id}")).text
    assert "没有手机：代办通知无法发送" in page and 'id="letter-needs-phone"' in page
    # The mailbox answers by text message: a letter needs a phone, even written for them.
    letter = {"kind": "help", "subject": "路灯", "text": "坏了", "reason": "不会写字"}
    refused = await post(client, f"/desk/assist/{resident.id}/letter", letter)
    assert refused.status_code == 400 and "请先验证手机号码再写信" in refused.text
    assert not await Letter.exists() and not await AssistAct.exists(kind=ActKind.LETTER)
    # Nobody signs in with the placeholder.
    failed = await post(client, "/login", {"mobile": resident.mobile, "password": ""})
    assert failed.status_code != 303


async def test_a_family_members_phone_says_whose_it_is(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    missing = await post(client, "/desk/assist", newcomer(areas, phone_owner="family"))
    assert missing.status_code == 400 and "请填写家属关系" in missing.text
    resident = await register(client, areas, phone_owner="family", relation="儿子")
    contact = await AssistedContact.get(resident_id=resident.id)
    assert (contact.phone_owner, contact.relation) == (PhoneOwner.FAMILY, "儿子")
    assert "家属的手机号：儿子" in (await client.get(f"/desk/assist/{resident.id}")).text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_read": ""}, "请先向本人宣读上面的说明"),
        ({"reason": ""}, "请填写代办原因"),
        ({"id_number": number(9)}, "吴家堡村的名册中没有这个身份证号"),
        ({"id_number": "12345"}, "请输入有效的 18 位身份证号"),
        ({"mobile": "13800000002"}, "这个手机号已经注册过账户"),
    ],
)
async def test_a_refused_registration_leaves_nothing_behind(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    official: User,
    overrides: dict[str, str],
    message: str,
) -> None:
    response = await post(client, "/desk/assist", newcomer(areas, **overrides))
    assert response.status_code == 400 and message in response.text
    assert number(1) not in response.text  # the ID number is never echoed back
    assert not await User.exists(name="王秀芝")
    assert not await AssistAct.exists() and not await Consent.exists()
    assert not await RosterEntry.exists(user_id__isnull=False)


async def test_only_residents_of_the_officials_own_villages(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    far = newcomer(areas, name="孙德胜", area=str(areas[FAR].id), id_number=number(2))
    response = await post(client, "/desk/assist", far)
    assert response.status_code == 400 and "请选择村或社区" in response.text
    assert not await User.exists(name="孙德胜")
    unverified = await make_user(
        "13900000008", Role.RESIDENT, home=areas[VILLAGE], name="未核验", verified=False
    )
    letter = {"kind": "help", "subject": "路灯", "text": "坏了", "reason": "不会写字"}
    refused = await post(client, f"/desk/assist/{unverified.id}/letter", letter)
    assert refused.status_code == 400 and "该居民尚未核验" in refused.text
    stranger = await make_user("13900000009", Role.RESIDENT, home=areas[FAR], name="外村人")
    assert (await client.get(f"/desk/assist/{stranger.id}")).status_code == 404
    refused = await post(client, f"/desk/assist/{stranger.id}/letter", letter)
    assert refused.status_code == 404 and not await Letter.exists()


async def test_an_admin_reads_the_log_but_does_not_act(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    await make_user("13800000001", Role.ADMIN, name="王建国")
    await login(client, "13800000001")
    page = (await client.get("/desk/assist")).text
    assert "您没有负责的村/社区，不能代办" in page
    response = await post(client, "/desk/assist", newcomer(areas))
    assert response.status_code == 400 and not await User.exists(name="王秀芝")


async def test_a_resident_may_not_open_the_desk(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    assert (await client.get("/desk/assist")).status_code == 403
    assert (await post(client, "/desk/assist", newcomer(areas))).status_code == 403


async def _signed_in_as(client: httpx.AsyncClient, resident: User) -> None:
    """The resident later sets a password (as a reset would) and looks at 我的."""
    await User.filter(id=resident.id).update(password_hash=password_hash())
    await login(client, resident.mobile)


async def test_an_official_writes_a_proposal_for_the_resident(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    process = await make_process(areas[STREET], Phase.COLLECTING)
    resident = await register(client, areas)
    form = {
        "process": str(process.id),
        "title": "村西头安装路灯",
        "location": "村西头小桥",
        "category": "lighting",
        "summary": "晚上过桥看不见路，老人怕摔。",
        "total_cost": "很多钱",
        "reason": "本人不识字",
    }
    bad = await post(client, f"/desk/assist/{resident.id}/proposal", form)
    assert bad.status_code == 400 and "金额" in bad.text and "村西头小桥" in bad.text
    form["total_cost"] = "50,000"
    response = await post(client, f"/desk/assist/{resident.id}/proposal", form)
    assert response.status_code == 303
    proposal = await Proposal.get(title="村西头安装路灯")
    assert proposal.author_id == resident.id  # type: ignore[attr-defined]
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.total_cost_fen == 5_000_000
    assert not proposal.on_behalf_of_village
    act = await AssistAct.get(kind=ActKind.PROPOSAL)
    assert (act.subject_type, act.subject_id) == ("proposal", str(proposal.id))
    audit = await AuditEntry.get(action="assist.proposal")
    assert audit.actor_id == official.id and audit.after["on_behalf_of"] == resident.id  # type: ignore[attr-defined]
    page = (await client.get(f"/proposals/{proposal.id}")).text
    assert "由 李秀英 代办" in page
    await _signed_in_as(client, resident)
    me = (await client.get("/me")).text
    assert "工作人员为我代办的事" in me and "代写并提交提案「村西头安装路灯」" in me
    data = (await client.get("/me/data/json")).json()["data"]["assist_acts"]
    assert [row["kind"] for row in data] == ["consent", "register", "proposal"]
    assert all(row["official"] == "李秀英" for row in data)


async def test_an_official_writes_a_letter_for_the_resident(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    resident = await register(client, areas)
    letter = {"kind": "help", "subject": "自来水停了三天", "text": "家里没水吃", "reason": ""}
    missing = await post(client, f"/desk/assist/{resident.id}/letter", letter)
    assert missing.status_code == 400 and "请填写代办原因" in missing.text
    letter["reason"] = "本人眼睛不好"
    assert (await post(client, f"/desk/assist/{resident.id}/letter", letter)).status_code == 303
    written = await Letter.get(subject="自来水停了三天")
    assert written.writer_id == resident.id and written.area_id == areas[VILLAGE].id  # type: ignore[attr-defined]
    act = await AssistAct.get(kind=ActKind.LETTER)
    assert act.subject_id == str(written.id) and "代写来信「自来水停了三天」" in act.summary
    assert await AuditEntry.exists(action="assist.letter", actor_id=official.id)
    assert await Message.filter(user_id=resident.id, kind=Kind.ACCOUNT).count() == 3
    page = (await client.get(f"/letters/{written.id}")).text
    assert "由 李秀英 代办（居民本人来信，工作人员代写）" in page


async def test_paper_ballots_stay_the_way_to_vote(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    resident = await register(client, areas)
    page = (await client.get(f"/desk/assist/{resident.id}")).text
    assert "投票请用纸质选票" in page and 'href="/desk/paper"' in page
    assert "不能在网上替别人投票" in page
    from app.factory import all_routes

    paths = [getattr(r, "path", "") for r in all_routes()]
    assert not [p for p in paths if p.startswith("/desk/assist") and "vote" in p]


async def test_many_registrations_in_a_day_are_flagged_to_the_admin(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    resident = await register(client, areas)
    rows = [
        AssistAct(
            official_id=official.id,
            official_name="李秀英",
            resident_id=resident.id,
            area_id=areas[VILLAGE].id,
            kind=ActKind.REGISTER,
            reason="批量",
            summary="由 李秀英 代办：注册",
        )
        for _ in range(DAILY_FLAG - 1)
    ]
    await AssistAct.bulk_create(rows)  # DAILY_FLAG registrations today: not yet flagged
    await make_user("13800000001", Role.ADMIN, name="王建国")
    await login(client, "13800000001")
    assert "今日代办注册偏多" not in (await client.get("/desk/assist")).text
    await AssistAct.create(
        **{
            k: getattr(rows[0], k)
            for k in (
                "official_id",
                "official_name",
                "resident_id",
                "area_id",
                "kind",
                "reason",
                "summary",
            )
        }
    )
    page = (await client.get("/desk/assist")).text
    assert "今日代办注册偏多" in page and f"今日代为注册 {DAILY_FLAG + 1} 人" in page
    # Yesterday's do not count today.
    yesterday = clock.now() - dt.timedelta(days=1)
    await AssistAct.filter(official_id=official.id).update(created_at=yesterday)
    assert "今日代办注册偏多" not in (await client.get("/desk/assist")).text
