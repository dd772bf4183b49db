"""The worker: fan-out per preference and address, retries with backoff, quiet hours,
rate limits, and admins resending a failure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from notify_stubs import ALIYUN_KEY_ID, ALIYUN_SECRET, aliyun_stub
from support import login, make_user, post

from core import clock, settings
from core.models import Area, AuditEntry, Role, User
from notify import delivery
from notify.kinds import Channel, Kind
from notify.models import Delivery, DeliveryState, Message, Preference
from notify.services import Note, notify

VILLAGE = "370104013201"
NOTE = Note(Kind.VOTE_OPENED, "投票开始了", "「2027年度项目」开始投票。", "/processes/1/vote")


async def _resident(areas: dict[str, Area], mobile: str, *, email: str | None = None) -> User:
    user = await make_user(mobile, Role.RESIDENT, home=areas[VILLAGE])
    await User.filter(id=user.id).update(mobile_verified_at=clock.now(), email=email)
    return user


def _sms_lines(tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "sms.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_messages_fan_out_per_preference_and_address(
    areas: dict[str, Area], tmp_path: Path
) -> None:
    proven = await _resident(areas, "13900000101", email="a@example.com")
    unproven = await make_user("13900000102", Role.RESIDENT, home=areas[VILLAGE])
    no_sms = await _resident(areas, "13900000103")
    await Preference.create(user=no_sms, kind=Kind.VOTE_OPENED, channel=Channel.SMS, enabled=False)
    await notify([proven.id, unproven.id, no_sms.id], NOTE)
    assert await delivery.fan_out() == 3
    rows = {
        (d.message.user_id, d.channel): d for d in await Delivery.all().select_related("message")
    }
    assert rows[(proven.id, Channel.SMS)].state == DeliveryState.PENDING
    # No SMTP server configured: the e-mail is skipped, with the reason.
    assert rows[(proven.id, Channel.EMAIL)].state == DeliveryState.SKIPPED
    assert rows[(unproven.id, Channel.SMS)].state == DeliveryState.SKIPPED
    assert rows[(unproven.id, Channel.SMS)].last_error == "手机号未经验证码验证"
    assert (no_sms.id, Channel.SMS) not in rows
    assert await Message.filter(dispatched_at__isnull=True).count() == 0
    assert await delivery.fan_out() == 0  # nothing twice
    assert await delivery.deliver_due() == 1
    [line] = _sms_lines(tmp_path)
    assert line["to"] == "13900000101" and line["text"].endswith("回T退订")
    assert "https://yishi.example/processes/1/vote" in line["text"]


async def test_a_refused_sms_is_retried_with_backoff_then_fails(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    stub = aliyun_stub()
    try:
        monkeypatch.setattr(settings, "SMS_GATEWAY", "aliyun")
        monkeypatch.setattr(settings, "ALIYUN_SMS_ENDPOINT", stub.url)
        monkeypatch.setattr(settings, "ALIYUN_ACCESS_KEY_ID", ALIYUN_KEY_ID)
        monkeypatch.setattr(settings, "ALIYUN_ACCESS_KEY_SECRET", ALIYUN_SECRET)
        monkeypatch.setattr(settings, "DELIVERY_MAX_ATTEMPTS", 3)
        person = await _resident(areas, "13900000111")
        await notify([person.id], NOTE)
        stub.refuse = 3
        waits = []
        for _attempt in range(3):
            before = clock.now()
            await delivery.run_round()
            sms = await Delivery.get(channel=Channel.SMS)
            waits.append(round((sms.next_attempt_at - before).total_seconds() / 60))
            await Delivery.filter(id=sms.id).update(next_attempt_at=clock.now())  # time passes
        sms = await Delivery.get(channel=Channel.SMS)
        assert (sms.state, sms.attempts) == (DeliveryState.FAILED, 3)
        assert "BUSINESS_LIMIT_CONTROL" in sms.last_error
        assert waits[:2] == [1, 2]  # 60 s, then 120 s
        assert [r["OutId"] for r in stub.received] == [f"yishi-{sms.id}"] * 3
    finally:
        stub.stop()


def test_quiet_hours_hold_sms_until_eight_in_china(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "SMS_QUIET_START", 21)
    monkeypatch.setattr(settings, "SMS_QUIET_END", 8)
    china = clock.CHINA
    evening = dt.datetime(2027, 3, 1, 21, 0, tzinfo=china)
    assert delivery.quiet_until(evening) == dt.datetime(2027, 3, 2, 8, 0, tzinfo=china)
    dawn = dt.datetime(2027, 3, 2, 7, 59, tzinfo=china)
    assert delivery.quiet_until(dawn) == dt.datetime(2027, 3, 2, 8, 0, tzinfo=china)
    assert delivery.quiet_until(dt.datetime(2027, 3, 2, 8, 0, tzinfo=china)) is None
    assert delivery.quiet_until(dt.datetime(2027, 3, 2, 20, 59, tzinfo=china)) is None


async def test_at_night_an_sms_waits_for_the_morning(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(settings, "SMS_QUIET_START", 21)
    monkeypatch.setattr(settings, "SMS_QUIET_END", 8)
    night = dt.datetime(2027, 3, 1, 23, 30, tzinfo=clock.CHINA)
    person = await _resident(areas, "13900000121")
    await notify([person.id], NOTE)
    monkeypatch.setattr(clock, "now", lambda: night.astimezone(dt.UTC))
    await delivery.run_round()
    sms = await Delivery.get(channel=Channel.SMS)
    assert sms.state == DeliveryState.PENDING and sms.attempts == 0
    assert sms.next_attempt_at == dt.datetime(2027, 3, 2, 8, 0, tzinfo=clock.CHINA)
    assert _sms_lines(tmp_path) == []
    morning = dt.datetime(2027, 3, 2, 8, 0, 5, tzinfo=clock.CHINA)
    monkeypatch.setattr(clock, "now", lambda: morning.astimezone(dt.UTC))
    await delivery.run_round()
    assert len(_sms_lines(tmp_path)) == 1


async def test_the_rate_limit_holds_the_rest_for_the_next_minute(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(settings, "SMS_PER_MINUTE", 2)
    people = [await _resident(areas, f"1390000013{i}") for i in range(5)]
    await notify([p.id for p in people], NOTE)
    await delivery.run_round()
    await delivery.run_round()
    assert len(_sms_lines(tmp_path)) == 2
    assert await Delivery.filter(state=DeliveryState.PENDING).count() == 3
    later = clock.now() + dt.timedelta(seconds=61)
    monkeypatch.setattr(clock, "now", lambda: later)
    await delivery.run_round()
    assert len(_sms_lines(tmp_path)) == 4


async def test_a_dead_claim_is_never_sent_again_but_shown_as_uncertain(
    areas: dict[str, Area], tmp_path: Path
) -> None:
    person = await _resident(areas, "13900000141")
    await notify([person.id], NOTE)
    await delivery.fan_out()
    long_ago = clock.now() - dt.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    await Delivery.all().update(state=DeliveryState.SENDING, claimed_at=long_ago, attempts=1)
    await delivery.run_round()
    sms = await Delivery.get(channel=Channel.SMS)
    assert sms.state == DeliveryState.FAILED and sms.last_error.startswith("结果不明")
    assert _sms_lines(tmp_path) == []


async def test_an_admin_resends_a_failed_delivery(
    client: httpx.AsyncClient, areas: dict[str, Area], tmp_path: Path
) -> None:
    person = await _resident(areas, "13900000151")
    await notify([person.id], NOTE)
    await delivery.fan_out()
    await Delivery.all().update(state=DeliveryState.FAILED, last_error="isv.OUT_OF_SERVICE")
    sms = await Delivery.get(channel=Channel.SMS)
    await make_user("13800000152", Role.ADMIN)
    await login(client, "13800000152")
    page = await client.get("/admin/deliveries?state=failed&channel=sms")
    assert "isv.OUT_OF_SERVICE" in page.text and "失败：1" in page.text
    response = await post(client, f"/admin/deliveries/{sms.id}/resend", {"state": "failed"})
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/deliveries?state=failed"
    assert (await Delivery.get(id=sms.id)).state == DeliveryState.PENDING
    entry = await AuditEntry.get(action="delivery.resend")
    assert entry.target_id == str(sms.id) and entry.before["state"] == "failed"
    await delivery.run_round()
    assert [line["to"] for line in _sms_lines(tmp_path)] == ["13900000151"]
    again = await post(client, f"/admin/deliveries/{sms.id}/resend")
    assert again.status_code == 303  # no longer failed: refused with a message
    assert "只有失败的投递可以重发" in (await client.get("/admin/deliveries")).text


async def test_periodic_jobs_run_in_the_minute_their_cron_names_in_china_time() -> None:
    from notify import periodic, worker

    seen: list[dt.datetime] = []

    async def record(moment: dt.datetime) -> None:
        seen.append(moment)

    job = periodic.Periodic("digest", "30 8 * * *", record)
    await worker.run_periodic(job, dt.datetime(2027, 3, 2, 0, 30, 12, tzinfo=dt.UTC))
    await worker.run_periodic(job, dt.datetime(2027, 3, 2, 8, 30, tzinfo=dt.UTC))
    assert seen == [dt.datetime(2027, 3, 2, 8, 30, tzinfo=clock.CHINA)]


async def test_the_in_app_worker_delivers_without_a_second_process(
    areas: dict[str, Area], tmp_path: Path
) -> None:
    import asyncio

    from notify.worker import InAppWorker

    person = await _resident(areas, "13900000161")
    worker = InAppWorker(poll_seconds=0.05)
    worker.start()
    try:
        await notify([person.id], NOTE)
        for _tick in range(200):
            if _sms_lines(tmp_path):
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop()
    assert [line["to"] for line in _sms_lines(tmp_path)] == ["13900000161"]
    assert worker.task is None
