"""Verifying residents against the roster: by themselves (one vague answer, rate-limited) or in
person by an official of the area (audited); and what verification unlocks."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import csrf, login, make_user, post, verify_resident
from tortoise.exceptions import IntegrityError

from core import settings
from core.models import Area, AuditEntry, Role, User
from core.principal import load_principal
from projects.models import Phase
from projects.permissions import lives_in
from residents import idcard, verification
from residents.eligibility import is_eligible
from residents.models import RosterEntry, Verification

VILLAGE, NEIGHBOUR, FAR = "370104013201", "370104013202", "370104100201"
NO_MATCH = "填写的信息与名册不符，无法核验"


def number(seq: int, born: dt.date = dt.date(1980, 3, 1)) -> str:
    return idcard.make_number("370104", born, seq)


async def on_roster(
    area: Area, seq: int, name: str, born: dt.date = dt.date(1980, 3, 1)
) -> RosterEntry:
    return await RosterEntry.create(
        area=area, id_hash=idcard.id_hash(number(seq, born)), name=name, birth_date=born
    )


@pytest.fixture
async def resident(client: httpx.AsyncClient, areas: dict[str, Area]) -> User:
    await on_roster(areas[VILLAGE], 1, "张桂兰")
    await on_roster(areas[NEIGHBOUR], 2, "刘长海")
    user = await make_user(
        "13900000001", Role.RESIDENT, home=areas[NEIGHBOUR], name="张桂兰", verified=False
    )
    await login(client, "13900000001")
    return user


def attempt(
    areas: dict[str, Area], name: str = "张桂兰", id_number: str = "", area: str = VILLAGE
) -> dict[str, str]:
    return {
        "name": name,
        "id_number": id_number or number(1),
        "area": str(areas[area].id),
        "id_consent": "yes",
    }


async def test_a_resident_verifies_against_the_roster(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    assert "尚未核验" in (await client.get("/verify")).text
    response = await post(
        client, "/verify", attempt(areas, name=" 张 桂兰", id_number=number(1).replace("X", "x"))
    )
    assert response.status_code == 303 and response.headers["location"] == "/verify"
    page = (await client.get("/verify")).text
    assert "核验成功：您已是吴家堡村的核验居民。" in page and "已核验" in page
    entry = await RosterEntry.get(user=resident)
    assert entry.verification == Verification.ROSTER and entry.verified_at is not None
    await resident.refresh_from_db()
    assert resident.home_area_id == areas[VILLAGE].id  # type: ignore[attr-defined]
    # Posting again changes nothing.
    assert (await post(client, "/verify", attempt(areas))).status_code == 303
    assert await RosterEntry.filter(user_id__isnull=False).count() == 1


async def test_every_mismatch_gets_the_same_answer(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    other = await make_user("13900000002", Role.RESIDENT, home=areas[NEIGHBOUR], verified=False)
    await verify_resident(other, areas[NEIGHBOUR])
    claimed = await RosterEntry.get(user=other)
    linked_number = idcard.make_number("370104", dt.date(1975, 5, 5), other.id)  # its number
    wrong = {
        "name": attempt(areas, name="张桂芝"),
        "number": attempt(areas, id_number=number(7)),
        "village": attempt(areas, area=NEIGHBOUR),
        "someone else's entry": attempt(
            areas, name=claimed.name, id_number=linked_number, area=NEIGHBOUR
        ),
    }
    answers = set()
    for why, data in wrong.items():
        response = await post(client, "/verify", data)
        assert response.status_code == 400, why
        assert NO_MATCH in response.text, why
        answers.add(response.text.split('role="alert">')[1].split("</p>")[0])
        assert "has-error" not in response.text, why  # no field singled out
    assert len(answers) == 1
    assert not await RosterEntry.filter(user=resident).exists()


async def test_a_malformed_number_is_a_typing_error_not_an_attempt(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    response = await post(
        client,
        "/verify",
        attempt(areas, id_number=number(1)[:17] + "0" if number(1)[17] != "0" else "1"),
    )
    assert response.status_code == 400 and "请输入有效的 18 位身份证号" in response.text
    assert NO_MATCH not in response.text
    assert not await verification.verify_limit().is_locked(str(resident.id), "203.0.113.7")
    assert number(1) not in response.text  # the number typed is never echoed back


async def test_verification_is_rate_limited_per_account(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    resident: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "VERIFY_MAX_FAILURES", 3)
    for _ in range(3):
        assert NO_MATCH in (await post(client, "/verify", attempt(areas, name="错"))).text
    response = await post(client, "/verify", attempt(areas))  # right, but too late
    assert response.status_code == 400 and "核验失败次数过多" in response.text
    assert not await RosterEntry.filter(user=resident).exists()


async def test_parallel_guesses_are_checked_at_most_the_limit(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    """16 guesses at once (limit 5 an hour): the attempt is recorded before it is judged,
    so no more than 5 are compared with the roster (all 16 were, reading first)."""
    token = await csrf(client, "/verify")
    guesses = [attempt(areas, id_number=number(100 + n)) | {"csrf_token": token} for n in range(16)]
    responses = await asyncio.gather(*(client.post("/verify", data=g) for g in guesses))
    checked = sum(NO_MATCH in r.text for r in responses)
    refused = sum("核验失败次数过多" in r.text for r in responses)
    assert checked <= settings.VERIFY_MAX_FAILURES and checked + refused == 16
    right = await post(client, "/verify", attempt(areas))
    assert ("核验失败次数过多" in right.text) == (checked == settings.VERIFY_MAX_FAILURES)


async def test_verification_is_rate_limited_per_address(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    resident: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "VERIFY_MAX_FAILURES", 1)  # an address gets 4
    for i in range(4):
        await make_user(f"1390000010{i}", Role.RESIDENT, home=areas[VILLAGE], verified=False)
        await login(client, f"1390000010{i}")
        assert NO_MATCH in (await post(client, "/verify", attempt(areas, name="错"))).text
    await login(client, "13900000001")
    response = await post(client, "/verify", attempt(areas))
    assert "核验失败次数过多" in response.text


async def test_success_forgives_the_accounts_failures(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    resident: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "VERIFY_MAX_FAILURES", 3)
    for _ in range(2):
        await post(client, "/verify", attempt(areas, name="错"))
    assert (await post(client, "/verify", attempt(areas))).status_code == 303
    assert not await verification.verify_limit().is_locked(str(resident.id), "203.0.113.7")


async def test_one_entry_one_account(areas: dict[str, Area]) -> None:
    entry = await on_roster(areas[VILLAGE], 1, "张桂兰")
    first = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    second = await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    principal = await load_principal(second.id)
    assert principal is not None
    entry.user = first  # type: ignore[assignment]
    await entry.save()
    with pytest.raises(verification.NoMatch):
        await verification.verify_self(
            principal,
            name="张桂兰",
            id_number=number(1),
            area_id=areas[VILLAGE].id,
            ip="198.51.100.1",
        )
    other = await on_roster(areas[NEIGHBOUR], 2, "张桂兰")
    other.user = first  # type: ignore[assignment]
    with pytest.raises(IntegrityError):  # and one account, one entry
        await other.save()


async def test_the_same_person_cannot_verify_two_accounts_in_two_villages(
    areas: dict[str, Area],
) -> None:
    """Listed in two villages (moved house): the second account is turned away."""
    await on_roster(areas[VILLAGE], 1, "张桂兰")
    await on_roster(areas[NEIGHBOUR], 1, "张桂兰")
    users = [await make_user(f"1390000000{i}", Role.RESIDENT) for i in (1, 2)]
    principals = [await load_principal(u.id) for u in users]
    assert principals[0] and principals[1]
    await verification.verify_self(
        principals[0],
        name="张桂兰",
        id_number=number(1),
        area_id=areas[VILLAGE].id,
        ip="198.51.100.1",
    )
    with pytest.raises(verification.NoMatch):
        await verification.verify_self(
            principals[1],
            name="张桂兰",
            id_number=number(1),
            area_id=areas[NEIGHBOUR].id,
            ip="198.51.100.1",
        )


@pytest.fixture
async def official(client: httpx.AsyncClient, areas: dict[str, Area]) -> User:
    user = await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"], name="李秀英")
    await login(client, "13800000002")
    return user


def in_person(
    areas: dict[str, Area],
    mobile: str = "13900000001",
    area: str = VILLAGE,
    seq: int = 1,
    checked: bool = True,
) -> dict[str, str]:
    data = {"mobile": mobile, "area": str(areas[area].id), "id_number": number(seq)}
    return data | ({"checked": "yes"} if checked else {})


async def test_an_official_verifies_in_person_and_it_is_audited(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    await on_roster(areas[VILLAGE], 1, "张桂兰")
    resident = await make_user(
        "13900000001", Role.RESIDENT, home=areas[NEIGHBOUR], name="桂兰", verified=False
    )
    page = (await client.get("/desk/verify?mobile=13900000001")).text
    assert "桂兰" in page and "尚未核验" in page
    response = await post(client, "/desk/verify", in_person(areas, checked=False))
    assert response.status_code == 400 and "请先当面核对身份证原件" in response.text
    response = await post(client, "/desk/verify", in_person(areas))
    assert response.status_code == 303
    assert (
        "已现场核验 桂兰：吴家堡村名册中的「张桂兰」"
        in (await client.get(response.headers["location"])).text
    )
    entry = await RosterEntry.get(user=resident)
    assert entry.verification == Verification.IN_PERSON
    assert entry.verified_by_id == official.id  # type: ignore[attr-defined]
    audit = await AuditEntry.get(action="roster.verify_in_person")
    assert audit.actor_id == official.id  # type: ignore[attr-defined]
    assert audit.after["area"] == VILLAGE and audit.after["user_id"] == resident.id
    assert number(1) not in str(audit.after) + audit.summary


async def test_officials_verify_only_in_their_areas(
    client: httpx.AsyncClient, areas: dict[str, Area], official: User
) -> None:
    await on_roster(areas[FAR], 1, "杨志强")
    await on_roster(areas[VILLAGE], 2, "陈晓燕")
    await make_user("13900000004", Role.RESIDENT, home=areas[FAR], name="杨志强", verified=False)
    await make_user(
        "13900000003", Role.RESIDENT, home=areas[VILLAGE], name="陈晓燕", verified=False
    )
    # A resident of another township cannot be found, nor verified.
    assert "没有找到" in (await client.get("/desk/verify?mobile=13900000004")).text
    response = await post(client, "/desk/verify", in_person(areas, "13900000004", FAR))
    assert response.status_code == 400
    # Nor can their own resident be put on another township's roster.
    response = await post(client, "/desk/verify", in_person(areas, "13900000003", FAR, seq=1))
    assert response.status_code == 400 and "请选择村或社区" in response.text
    # A number not on the roster of the chosen village is named as such, to staff.
    response = await post(client, "/desk/verify", in_person(areas, "13900000003", seq=9))
    assert response.status_code == 400 and "吴家堡村的名册中没有这个身份证号" in response.text
    assert not await RosterEntry.filter(user_id__isnull=False).exists()
    assert not await AuditEntry.filter(action="roster.verify_in_person").exists()


async def test_admins_verify_anywhere(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await on_roster(areas[FAR], 1, "杨志强")
    resident = await make_user("13900000004", Role.RESIDENT, home=areas[FAR], verified=False)
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    response = await post(client, "/desk/verify", in_person(areas, "13900000004", FAR))
    assert response.status_code == 303
    assert await RosterEntry.filter(user=resident).exists()


async def test_verification_is_what_makes_a_resident(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    """lives_in: the home area alone no longer counts; the verified entry's area does."""
    process = await make_process(areas["370104013000"], Phase.COLLECTING)
    author = await make_user("13900000009", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    proposal = await make_proposal(process, areas[VILLAGE], author)
    principal = await load_principal(resident.id)
    assert principal is not None
    assert not await lives_in(principal, areas["370104013000"])
    assert (await post(client, f"/proposals/{proposal.id}/support")).status_code == 403
    await post(client, "/verify", attempt(areas))
    assert await lives_in(principal, areas["370104013000"])
    assert await lives_in(principal, areas[VILLAGE])
    assert not await lives_in(principal, areas[NEIGHBOUR])
    assert (await post(client, f"/proposals/{proposal.id}/support")).status_code == 303


async def test_is_eligible_checks_area_and_age(areas: dict[str, Area]) -> None:
    street = await make_process(areas["370104013000"], Phase.VOTING, min_voter_age=18)
    township = await make_process(areas["370104100000"], Phase.VOTING)
    young = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await verify_resident(young, born=dt.date(2009, 6, 15))
    unverified = await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    assert await is_eligible(young.id, street, dt.date(2027, 6, 15))  # 18 today
    assert not await is_eligible(young.id, street, dt.date(2027, 6, 14))
    assert not await is_eligible(young.id, township, dt.date(2030, 1, 1))
    assert not await is_eligible(unverified.id, street, dt.date(2030, 1, 1))
    street.min_voter_age = 16
    assert await is_eligible(young.id, street, dt.date(2025, 6, 15))


async def test_me_shows_the_verification_status(
    client: httpx.AsyncClient, areas: dict[str, Area], resident: User
) -> None:
    me = (await client.get("/me")).text
    assert 'hx-get="/verify"' in me and 'href="/verify"' in me
    fragment = await client.get("/verify", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "尚未核验" in fragment.text
    await post(client, "/verify", attempt(areas))
    fragment = await client.get("/verify", headers={"HX-Request": "true"})
    assert "已核验" in fragment.text and "吴家堡村居民" in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
    assert await csrf(client, "/me")
