"""SMS codes at registration: six digits, five minutes, single use, a few tries, hashed, one
purpose each; and the throttles against SMS bombing, counted in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import httpx
import pytest
from support import last_code, make_user, post, register, sms_sent

from core import settings
from core.accounts import codes, smslimit
from core.accounts.models import CodePurpose, Consent, ConsentPurpose, PhoneCode
from core.accounts.privacy import POLICY_VERSION
from core.models import Area, LoginAttempt, Role, User

MOBILE = "13912345678"
WRONG = "验证码不正确或已失效"


async def _ask(client: httpx.AsyncClient, mobile: str = MOBILE) -> httpx.Response:
    return await post(client, "/register/code", {"mobile": mobile})


async def test_registration_proves_the_number_and_records_the_consent(
    client: httpx.AsyncClient, areas: dict[str, Area], sms_file: Path
) -> None:
    response = await register(client, areas["370104013201"])
    assert response.status_code == 303 and response.headers["location"] == "/me"
    user = await User.get(mobile=MOBILE)
    assert user.mobile_verified_at is not None
    consent = await Consent.get(user=user)
    assert consent.purpose == ConsentPurpose.PRIVACY_POLICY
    assert consent.policy_version == POLICY_VERSION and consent.withdrawn_at is None
    [sms] = sms_sent(sms_file)
    assert sms["to"] == MOBILE and sms["template"] == "verify_code"
    assert str(sms["params"]["code"]) in str(sms["text"])  # type: ignore[index]


async def test_the_code_step_works_without_javascript(
    client: httpx.AsyncClient, areas: dict[str, Area], sms_file: Path
) -> None:
    first = await client.get("/register")
    assert 'action="/register/code"' in first.text and "获取验证码" in first.text
    asked = await _ask(client)
    # The number waits in the signed session, never in the address (access logs).
    assert asked.status_code == 303 and asked.headers["location"] == "/register"
    details = await client.get(asked.headers["location"])
    assert "验证码已发送至 13912345678" in details.text
    assert 'name="code"' in details.text and "我已阅读并同意" in details.text
    assert 'href="/privacy"' in details.text


async def test_a_wrong_code_or_no_consent_refuses_and_keeps_what_was_typed(
    client: httpx.AsyncClient, areas: dict[str, Area], sms_file: Path
) -> None:
    village = areas["370104013201"]
    await _ask(client)
    right = last_code(MOBILE)
    wrong = "000000" if right != "000000" else "111111"
    form = {
        "name": "张桂兰",
        "mobile": MOBILE,
        "password": "secret-pass",
        "password2": "secret-pass",
        "home_area": str(village.id),
        "code": wrong,
        "agree": "yes",
    }
    refused = await post(client, "/register", form)
    assert refused.status_code == 400 and WRONG in refused.text
    assert 'value="张桂兰"' in refused.text
    unticked = await post(client, "/register", form | {"code": right, "agree": ""})
    assert unticked.status_code == 400 and "请阅读并勾选同意《隐私政策》" in unticked.text
    assert f'<option value="{village.id}" selected' in unticked.text
    assert not await User.exists(mobile=MOBILE)
    done = await post(client, "/register", form | {"code": right})
    assert done.status_code == 303


async def test_codes_are_stored_hashed_and_used_once(clean_db: str, sms_file: Path) -> None:
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    code = last_code(MOBILE)
    row = await PhoneCode.get(mobile=MOBILE)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert not await codes.check(CodePurpose.REGISTER, MOBILE, code)  # another purpose
    assert await codes.check(CodePurpose.RESET, MOBILE, code)
    assert not await codes.check(CodePurpose.RESET, MOBILE, code)  # single use


async def test_codes_expire(clean_db: str, sms_file: Path) -> None:
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    await PhoneCode.filter(mobile=MOBILE).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    assert not await codes.check(CodePurpose.RESET, MOBILE, last_code(MOBILE))
    row = await PhoneCode.get(mobile=MOBILE)
    created, expires = row.created_at, row.expires_at
    assert created is not None and expires is not None


async def test_a_code_lives_five_minutes(clean_db: str, sms_file: Path) -> None:
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    row = await PhoneCode.get(mobile=MOBILE)
    assert abs((row.expires_at - row.created_at).total_seconds() - 300) < 5


async def test_a_code_dies_after_the_allowed_wrong_tries(clean_db: str, sms_file: Path) -> None:
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    code = last_code(MOBILE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    results = await asyncio.gather(
        *(codes.check(CodePurpose.RESET, MOBILE, wrong) for _ in range(12))
    )
    assert not any(results)
    assert (await PhoneCode.get(mobile=MOBILE)).attempts == settings.SMS_CODE_MAX_ATTEMPTS
    assert not await codes.check(CodePurpose.RESET, MOBILE, code)  # right, but too late


async def test_a_new_code_replaces_the_old_one(
    clean_db: str, sms_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMS_CODE_INTERVAL_SECONDS", 0)
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    old = last_code(MOBILE)
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    new = last_code(MOBILE)
    if old != new:
        assert not await codes.check(CodePurpose.RESET, MOBILE, old)
    assert await codes.check(CodePurpose.RESET, MOBILE, new)


THROTTLED = "验证码发送过于频繁"


async def test_one_code_a_minute_per_number_with_the_wait_in_the_message(
    client: httpx.AsyncClient, areas: dict[str, Area], sms_file: Path
) -> None:
    assert (await _ask(client)).status_code == 303
    again = await _ask(client)
    assert again.status_code == 429 and THROTTLED in again.text
    assert "秒后再试" in again.text
    assert len(sms_sent(sms_file)) == 1


async def test_a_days_codes_per_number(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    sms_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SMS_CODE_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(settings, "SMS_CODES_PER_NUMBER_PER_DAY", 3)
    statuses = [(await _ask(client)).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    refused = await _ask(client)
    assert "小时后再试" in refused.text  # the oldest of the day's codes must age out
    assert (await _ask(client, "13912345679")).status_code == 303  # another number is free


async def test_codes_per_address_per_hour(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    sms_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SMS_CODES_PER_ADDRESS_PER_HOUR", 3)
    statuses = [(await _ask(client, f"1391234500{n}")).status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert "分钟后再试" in (await _ask(client, "13912345009")).text
    assert len(sms_sent(sms_file)) == 3


async def test_a_global_daily_cap(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    sms_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SMS_CODES_PER_DAY", 2)
    await codes.issue(CodePurpose.RESET, "13911110001", ip="198.51.100.1")
    await codes.issue(CodePurpose.RESET, "13911110002", ip="198.51.100.2")
    refused = await _ask(client)
    assert refused.status_code == 429 and THROTTLED in refused.text
    assert len(sms_sent(sms_file)) == 2


async def test_parallel_requests_send_one_code(clean_db: str, sms_file: Path) -> None:
    """Recorded before judged: a burst of requests for one number sends at most one code
    (counting first and recording after let all ten through)."""
    results = await asyncio.gather(
        *(codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1") for _ in range(10)),
        return_exceptions=True,
    )
    sent = sum(r is None for r in results)
    assert sent <= 1 and len(sms_sent(sms_file)) == sent
    assert all(isinstance(r, smslimit.SmsThrottled) for r in results if r is not None)


async def test_a_taken_number_gets_no_code(
    client: httpx.AsyncClient, areas: dict[str, Area], sms_file: Path
) -> None:
    await make_user(MOBILE, Role.RESIDENT)
    refused = await _ask(client)
    assert refused.status_code == 400 and "该手机号已注册" in refused.text
    assert sms_sent(sms_file) == []


async def test_a_failing_gateway_is_a_clear_message(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the gateway wants a folder")
    monkeypatch.setattr(settings, "SMS_GATEWAY", f"file:{blocked / 'sms.jsonl'}")
    refused = await _ask(client)
    assert refused.status_code == 503 and "短信发送失败，请稍后再试" in refused.text


async def test_throttle_rows_age_out_of_their_window(clean_db: str, sms_file: Path) -> None:
    """A code sent more than a minute ago no longer blocks the next (on SQLite the window's
    bound must be in the stored time zone, or every row of the last eight hours counts)."""
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    with pytest.raises(smslimit.SmsThrottled):
        await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    await LoginAttempt.filter(key=f"sms:gap:{MOBILE}").update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61)
    )
    await codes.issue(CodePurpose.RESET, MOBILE, ip="203.0.113.1")
    assert len(sms_sent(sms_file)) == 2


async def test_asking_again_from_the_details_keeps_what_was_typed(
    client: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _ask(client)
    details = {"mobile": MOBILE, "name": "张桂兰", "home_area": str(areas["370104013201"].id)}
    too_soon = await post(client, "/register/code", details)
    assert too_soon.status_code == 429 and THROTTLED in too_soon.text
    assert 'value="张桂兰"' in too_soon.text and 'name="code"' in too_soon.text
    monkeypatch.setattr(settings, "SMS_CODE_INTERVAL_SECONDS", 0)
    resent = await post(client, "/register/code", details)
    assert resent.status_code == 200 and "验证码已发送至" in resent.text
    assert 'value="张桂兰"' in resent.text
    assert len(sms_sent()) == 2
    changed = await client.get("/register?again=1")
    assert 'action="/register/code"' in changed.text and 'name="code"' not in changed.text
