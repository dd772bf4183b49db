"""Registration, login, logout, sessions and login rate limiting."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from support import PASSWORD, csrf, login, make_user, post, register

from core import settings
from core.accounts import ratelimit
from core.accounts.endpoints import safe_next
from core.models import Area, LoginAttempt, Role, RoleGrant, User


async def _register(client: httpx.AsyncClient, home: Area, **overrides: str) -> httpx.Response:
    return await register(client, home, **overrides)


async def test_register_creates_a_resident_and_signs_in(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await _register(client, areas["370104013201"])
    assert response.status_code == 303
    assert response.headers["location"] == "/me"
    user = await User.get(mobile="13912345678")
    assert user.password_hash.startswith("$argon2id$")
    assert "secret-pass" not in user.password_hash
    assert await RoleGrant.filter(user=user, role=Role.RESIDENT).exists()
    me = await client.get("/me")
    assert me.status_code == 200 and "张桂兰" in me.text and "居民" in me.text


async def test_register_errors_rerender_in_chinese_keeping_input(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await _register(
        client, areas["370104013201"], password2="different", name="李四", code="12345x"
    )
    assert response.status_code == 400
    assert "两次输入的密码不一致" in response.text
    assert 'value="李四"' in response.text and 'value="13912345678"' in response.text
    assert await User.all().count() == 0
    refused = await post(client, "/register/code", {"mobile": "12345"})
    assert refused.status_code == 400 and "请输入 11 位手机号码" in refused.text
    assert 'value="12345"' in refused.text


async def test_register_refuses_a_district_as_home(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await _register(client, areas["370104000000"])
    assert response.status_code == 400
    assert "请选择您居住的村或社区" in response.text


async def test_register_twice_with_one_mobile(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await _register(client, areas["370104013201"])
    client.cookies.clear()
    response = await _register(client, areas["370104013201"])
    assert response.status_code == 400
    assert "该手机号已注册" in response.text
    assert await User.filter(mobile="13912345678").count() == 1


THROTTLED = "此网络注册过于频繁"


async def test_registration_is_throttled_per_address(
    app: object,
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A script registering throwaway accounts (three of them auto-hid an official's answer)
    gets `REGISTER_PER_HOUR` from one address; other addresses are not affected."""
    monkeypatch.setattr(settings, "REGISTER_PER_HOUR", 4)
    village = areas["370104013201"]
    for n in range(4):
        client.cookies.clear()
        assert (await _register(client, village, mobile=f"1391234560{n}")).status_code == 303
    client.cookies.clear()
    refused = await _register(client, village, mobile="13912345699")
    assert refused.status_code == 429 and THROTTLED in refused.text
    assert not await User.filter(mobile="13912345699").exists()
    async with from_address(app, "198.51.100.20") as elsewhere:
        assert (await _register(elsewhere, village, mobile="13912345698")).status_code == 303


async def test_registration_does_not_list_registered_numbers(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """The "already registered" answer is given at most three times an hour to one address; then
    every number, registered or not, gets the same refusal, so probing learns nothing."""
    village = areas["370104013201"]
    for n in range(5):
        await make_user(f"1390000000{n}", Role.RESIDENT)
    answers = [(await _register(client, village, mobile=f"1390000000{n}")).text for n in range(5)]
    assert ["该手机号已注册" in a for a in answers] == [True, True, True, False, False]
    assert all(THROTTLED in a for a in answers[3:])
    free = await _register(client, village, mobile="13912345699")
    assert free.status_code == 429 and THROTTLED in free.text
    assert not await User.filter(mobile="13912345699").exists()


async def test_login_and_logout(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await make_user("13900000001", Role.RESIDENT, name="王五")
    await login(client, "13900000001")
    assert "王五" in (await client.get("/me")).text
    response = await post(client, "/logout")
    assert response.status_code == 303
    me = await client.get("/me")
    assert me.status_code == 303 and me.headers["location"].startswith("/login")


async def test_session_cookie_flags(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000001", Role.RESIDENT)
    response = await post(client, "/login", {"mobile": "13900000001", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


async def test_login_wrong_password_gives_one_vague_message(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await make_user("13900000001", Role.RESIDENT)
    wrong = await post(client, "/login", {"mobile": "13900000001", "password": "nope-nope"})
    unknown = await post(client, "/login", {"mobile": "13900000009", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 400
    assert "手机号或密码不正确" in wrong.text and "手机号或密码不正确" in unknown.text


async def test_login_is_rate_limited_per_account(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000001", Role.RESIDENT)
    for _ in range(5):
        await post(client, "/login", {"mobile": "13900000001", "password": "wrong-pass"})
    # Even the right password is refused while the account is locked.
    response = await post(client, "/login", {"mobile": "13900000001", "password": PASSWORD})
    assert response.status_code == 400
    assert "登录失败次数过多" in response.text
    assert await LoginAttempt.filter(key="acct:13900000001@203.0.113.7").count() == 5


async def test_login_is_rate_limited_per_address(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000099", Role.RESIDENT)
    # Spraying many accounts from one address trips the address limit (4 × 5).
    for n in range(20):
        await post(client, "/login", {"mobile": f"139000001{n:02d}", "password": "wrong-pass"})
    response = await post(client, "/login", {"mobile": "13900000099", "password": PASSWORD})
    assert "登录失败次数过多" in response.text


async def test_success_clears_the_account_failures(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await make_user("13900000001", Role.RESIDENT)
    for _ in range(4):
        await post(client, "/login", {"mobile": "13900000001", "password": "wrong-pass"})
    await login(client, "13900000001")
    assert not await LoginAttempt.filter(key="acct:13900000001@203.0.113.7").exists()


@asynccontextmanager
async def from_address(app: object, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser at another address (the `client` fixture is at 203.0.113.7)."""
    transport = httpx.ASGITransport(app=app, client=(ip, 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        yield http


WRONG = "手机号或密码不正确"
LOCKED = "登录失败次数过多"


async def test_parallel_wrong_passwords_are_checked_at_most_the_limit(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    """24 wrong passwords at once through the app: the attempt is recorded before it is
    judged, so no more than 5 of them are ever checked (all 24 were, reading first)."""
    await make_user("13900000001", Role.RESIDENT)
    form = {"csrf_token": await csrf(client, "/login"), "mobile": "13900000001"}
    responses = await asyncio.gather(
        *(client.post("/login", data=form | {"password": f"wrong-{n}"}) for n in range(24))
    )
    checked = sum(WRONG in r.text for r in responses)
    refused = sum(LOCKED in r.text for r in responses)
    assert checked <= 5 and checked + refused == 24, (checked, refused)
    assert await LoginAttempt.filter(key="acct:13900000001@203.0.113.7").count() == checked
    right = await client.post("/login", data=form | {"password": PASSWORD})
    assert (LOCKED in right.text) == (checked == 5)


async def test_a_guesser_does_not_lock_the_owner_out(
    app: object, client: httpx.AsyncClient, clean_db: str
) -> None:
    """Ten wrong passwords from one address lock that address out of the account, not the
    owner typing the right one from another address (the official on voting night)."""
    await make_user("13900000001", Role.OFFICIAL)
    for _ in range(10):
        await post(client, "/login", {"mobile": "13900000001", "password": "wrong-pass"})
    guesser = await post(client, "/login", {"mobile": "13900000001", "password": PASSWORD})
    assert guesser.status_code == 400 and LOCKED in guesser.text
    async with from_address(app, "198.51.100.20") as owner:
        await login(owner, "13900000001")
        assert (await owner.get("/me")).status_code == 200


async def test_a_guesser_on_many_addresses_gets_one_try_per_address(
    app: object, clean_db: str
) -> None:
    """Past 20 failures on the account from everywhere, each address has one try at it per
    window; the owner, right the first time, still gets in."""
    await make_user("13900000001", Role.RESIDENT)
    wrong = {"mobile": "13900000001", "password": "wrong-pass"}
    for n in range(21):
        async with from_address(app, f"192.0.2.{n + 1}") as bot:
            assert WRONG in (await post(bot, "/login", wrong)).text
    async with from_address(app, "192.0.2.200") as bot:
        assert WRONG in (await post(bot, "/login", wrong)).text
        assert LOCKED in (await post(bot, "/login", wrong)).text
    async with from_address(app, "198.51.100.20") as owner:
        await login(owner, "13900000001")


async def test_login_redirects_only_within_the_site(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await make_user("13900000001", Role.ADMIN)
    page = await client.get("/login?next=//evil.example/x")
    assert 'name="next" value="/"' in page.text
    response = await client.post(
        "/login",
        data={
            "mobile": "13900000001",
            "password": PASSWORD,
            "next": "https://evil.example/",
            "csrf_token": await csrf(client),
        },
    )
    assert response.headers["location"] == "/"


async def test_login_then_back_where_you_were(client: httpx.AsyncClient, clean_db: str) -> None:
    await make_user("13900000001", Role.ADMIN)
    bounce = await client.get("/admin/areas")
    assert bounce.status_code == 303
    login_page = await client.get(bounce.headers["location"])
    response = await client.post(
        "/login",
        data={
            "mobile": "13900000001",
            "password": PASSWORD,
            "next": "/admin/areas",
            "csrf_token": await csrf(client, "/login"),
        },
    )
    assert "next" in login_page.text
    assert response.headers["location"] == "/admin/areas"


async def test_a_session_for_a_deactivated_user_is_anonymous(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    user = await make_user("13900000001", Role.ADMIN)
    await login(client, "13900000001")
    user.is_active = False
    await user.save()
    assert (await client.get("/admin/areas")).status_code == 303


@pytest.mark.parametrize(
    "target",
    [
        "//[",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "https://evil.example/",
        "evil.example",
        "",
        None,
    ],
)
def test_only_same_site_paths_are_followed_after_login(target: str | None) -> None:
    assert safe_next(target) == "/"


def test_same_site_paths_are_kept() -> None:
    assert safe_next("/processes/3?page=2#top") == "/processes/3?page=2#top"


async def test_attempts_past_the_window_are_removed_as_they_go_by(clean_db: str) -> None:
    old = await LoginAttempt.create(key="upload:user:7")
    await LoginAttempt.filter(id=old.id).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    )
    attempt = await ratelimit.record({"upload:user:7": 1}, 3600)
    assert attempt.allowed and attempt.counts == {"upload:user:7": 1}
    assert await LoginAttempt.filter(key="upload:user:7").count() == 1
