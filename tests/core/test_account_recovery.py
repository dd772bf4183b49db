"""忘记密码 by SMS code, change password, change phone number, prove an old account's number:
each audited, each new credential ending the account's other sessions."""

from __future__ import annotations

import httpx
import pytest
from support import PASSWORD, csrf_from, last_code, login, make_user, post, sms_sent

from core import settings
from core.accounts.models import Consent, ConsentPurpose
from core.demo import create_demo_people
from core.models import Area, AuditEntry, Role, User
from notify.kinds import Kind
from notify.models import Message

MOBILE = "13912345678"
NEW_MOBILE = "13987654321"


async def _reset_request(client: httpx.AsyncClient, mobile: str) -> tuple[httpx.Response, str]:
    asked = await post(client, "/reset", {"mobile": mobile})
    page = await client.get(asked.headers["location"])
    return asked, page.text.replace(csrf_from(page.text), "CSRF")


async def test_the_login_page_links_to_the_reset(client: httpx.AsyncClient, clean_db: str) -> None:
    login_page = await client.get("/login")
    assert 'href="/reset"' in login_page.text and "忘记密码" in login_page.text


async def test_the_reset_answer_is_the_same_for_a_registered_number(
    client: httpx.AsyncClient, clean_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same number asked before and after it was registered: byte-identical answers
    (apart from the CSRF token), and only the registered one got an SMS."""
    monkeypatch.setattr(settings, "SMS_CODE_INTERVAL_SECONDS", 0)
    unknown, unknown_page = await _reset_request(client, MOBILE)
    await make_user(MOBILE, Role.RESIDENT)
    client.cookies.clear()
    known, known_page = await _reset_request(client, MOBILE)
    assert unknown.status_code == known.status_code == 303
    assert unknown.headers["location"] == known.headers["location"]
    assert unknown_page == known_page
    assert "如果该手机号已注册，验证码已发送" in known_page
    assert [m["to"] for m in sms_sent()] == [MOBILE]


async def test_a_reset_sets_the_password_signs_in_and_ends_other_sessions(
    app: object, client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as other:
        await login(other, MOBILE)
        assert (await other.get("/me")).status_code == 200
        await _reset_request(client, MOBILE)
        form = {"mobile": MOBILE, "password": "brand-new-pass", "password2": "brand-new-pass"}
        wrong = await post(client, "/reset/password", form | {"code": "12345x"})
        assert wrong.status_code == 400 and "验证码不正确或已失效" in wrong.text
        done = await post(client, "/reset/password", form | {"code": last_code(MOBILE)})
        assert done.status_code == 303 and done.headers["location"] == "/me"
        assert (await client.get("/me")).status_code == 200  # signed in here
        assert (await other.get("/me")).status_code == 303  # and nowhere else
    fresh = await User.get(id=user.id)
    assert fresh.password_hash.startswith("$argon2id$")
    assert fresh.session_version == user.session_version + 1
    entry = await AuditEntry.get(action="account.password_reset")
    assert entry.actor_id == user.id
    notice = await Message.get(user_id=user.id)  # a security notice, in the same transaction
    assert notice.kind == Kind.ACCOUNT and "重设" in notice.title
    client.cookies.clear()
    await login(client, MOBILE, "brand-new-pass")


async def test_a_code_for_an_unregistered_number_resets_nothing(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await _reset_request(client, MOBILE)
    form = {"mobile": MOBILE, "code": "123456", "password": "whatever-1", "password2": "whatever-1"}
    response = await post(client, "/reset/password", form)
    assert response.status_code == 400 and "验证码不正确或已失效" in response.text
    assert not await User.exists(mobile=MOBILE)


async def test_change_password_needs_the_old_one(
    app: object, client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT)
    await login(client, MOBILE)
    form = {"old_password": "not-it-at-all", "password": "next-pass-1", "password2": "next-pass-1"}
    refused = await post(client, "/me/password", form)
    assert refused.status_code == 400 and "原密码不正确" in refused.text
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as other:
        await login(other, MOBILE)
        done = await post(client, "/me/password", form | {"old_password": PASSWORD})
        assert done.status_code == 303
        assert (await client.get("/me")).status_code == 200
        assert (await other.get("/me")).status_code == 303
    assert await AuditEntry.filter(action="account.password_change", actor_id=user.id).exists()
    assert await Message.filter(user_id=user.id, kind=Kind.ACCOUNT).count() == 1
    client.cookies.clear()
    await login(client, MOBILE, "next-pass-1")


async def test_change_phone_refuses_a_taken_number_and_a_wrong_code(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT)
    await make_user("13911112222", Role.RESIDENT)
    await login(client, MOBILE)
    taken = await post(client, "/me/phone/code-new", {"new_mobile": "13911112222"})
    assert taken.status_code == 400 and "已被其他账户使用" in taken.text
    assert (await post(client, "/me/phone/code-old", {"new_mobile": NEW_MOBILE})).status_code == 200
    sent = await post(client, "/me/phone/code-new", {"new_mobile": NEW_MOBILE})
    assert sent.status_code == 200 and f'value="{NEW_MOBILE}"' in sent.text  # kept
    form = {"new_mobile": NEW_MOBILE, "old_code": last_code(MOBILE), "new_code": "000000"}
    if form["old_code"] == "000000":
        form["new_code"] = "111111"
    wrong = await post(client, "/me/phone", form)
    assert wrong.status_code == 400 and "验证码不正确" in wrong.text
    assert (await User.get(id=user.id)).mobile == MOBILE
    # The right old code was not spent by the wrong new one: retyping the new one is enough.
    done = await post(client, "/me/phone", form | {"new_code": last_code(NEW_MOBILE)})
    assert done.status_code == 303
    assert (await User.get(id=user.id)).mobile == NEW_MOBILE


async def test_change_phone_succeeds_and_the_new_number_logs_in(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT)
    await login(client, MOBILE)
    await post(client, "/me/phone/code-old", {})
    await post(client, "/me/phone/code-new", {"new_mobile": NEW_MOBILE})
    form = {
        "new_mobile": NEW_MOBILE,
        "old_code": last_code(MOBILE),
        "new_code": last_code(NEW_MOBILE),
    }
    done = await post(client, "/me/phone", form)
    assert done.status_code == 303, done.text
    fresh = await User.get(id=user.id)
    assert fresh.mobile == NEW_MOBILE and fresh.mobile_verified_at is not None
    entry = await AuditEntry.get(action="account.phone_change")
    assert entry.before == {"mobile": MOBILE} and entry.after == {"mobile": NEW_MOBILE}
    assert await Message.filter(user_id=user.id, kind=Kind.ACCOUNT).exists()
    assert (await client.get("/me")).status_code == 200
    client.cookies.clear()
    await login(client, NEW_MOBILE)


async def test_an_older_account_proves_its_number_from_me(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user(MOBILE, Role.RESIDENT)
    await login(client, MOBILE)
    me = await client.get("/me")
    assert 'href="/me/verify-phone"' in me.text
    assert (await post(client, "/me/verify-phone/code", {})).status_code == 200
    done = await post(client, "/me/verify-phone", {"code": last_code(MOBILE)})
    assert done.status_code == 303
    assert (await User.get(id=user.id)).mobile_verified_at is not None
    assert await AuditEntry.filter(action="account.phone_verify").exists()
    assert "已验证" in (await client.get("/me")).text


async def test_demo_people_have_proven_numbers_and_consents(areas: dict[str, Area]) -> None:
    await create_demo_people(areas)
    people = await User.all()
    assert people and all(p.mobile_verified_at is not None for p in people)
    assert await Consent.filter(purpose=ConsentPurpose.PRIVACY_POLICY).count() == len(people)
