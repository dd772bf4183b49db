"""The SMS adapters against local stubs that check each provider's documented signature."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from notify_stubs import (
    ALIYUN_KEY_ID,
    ALIYUN_SECRET,
    TENCENT_ID,
    TENCENT_KEY,
    Stub,
    aliyun_stub,
    tencent_stub,
)

from core import settings
from notify.channels.aliyun import AliyunGateway
from notify.channels.tencent import TencentGateway
from notify.sms import Sms, SmsRefused, gateway

SMS = Sms(
    "13900000001", "vote_opened", {"title": "投票开始了", "link": "/p/1"}, "投票开始了", "yishi-7"
)


@pytest.fixture
def aliyun() -> Iterator[Stub]:
    stub = aliyun_stub()
    yield stub
    stub.stop()


@pytest.fixture
def tencent() -> Iterator[Stub]:
    stub = tencent_stub()
    yield stub
    stub.stop()


def _aliyun(stub: Stub, secret: str = ALIYUN_SECRET) -> AliyunGateway:
    return AliyunGateway(
        ALIYUN_KEY_ID, secret, endpoint=stub.url, region="cn-hangzhou", sign_name="议事"
    )


def _tencent(stub: Stub, key: str = TENCENT_KEY) -> TencentGateway:
    return TencentGateway(
        TENCENT_ID,
        key,
        app_id="1400000001",
        endpoint=stub.url,
        region="ap-guangzhou",
        sign_name="议事",
    )


async def test_aliyun_sends_a_signed_template_with_our_reference(
    aliyun: Stub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMS_TEMPLATES", {"vote_opened": "SMS_123456"})
    assert await _aliyun(aliyun).send(SMS) == "biz-1"
    [request] = aliyun.received
    assert (request["Action"], request["PhoneNumbers"], request["TemplateCode"]) == (
        "SendSms",
        "13900000001",
        "SMS_123456",
    )
    assert (request["SignName"], request["OutId"]) == ("议事", "yishi-7")
    assert json.loads(request["TemplateParam"]) == SMS.params


async def test_aliyun_refusals_and_a_wrong_secret_are_errors(aliyun: Stub) -> None:
    aliyun.refuse = 1
    with pytest.raises(SmsRefused, match="BUSINESS_LIMIT_CONTROL"):
        await _aliyun(aliyun).send(SMS)
    with pytest.raises(SmsRefused, match="SignatureDoesNotMatch"):
        await _aliyun(aliyun, secret="not-the-secret").send(SMS)
    assert len(aliyun.received) == 1  # the badly signed request was turned away


async def test_tencent_sends_a_signed_template_with_our_reference(tencent: Stub) -> None:
    assert await _tencent(tencent).send(SMS) == "serial-1"
    [payload] = tencent.received
    assert payload["PhoneNumberSet"] == ["+8613900000001"]
    assert (payload["SmsSdkAppId"], payload["SignName"], payload["SessionContext"]) == (
        "1400000001",
        "议事",
        "yishi-7",
    )
    assert payload["TemplateParamSet"] == ["投票开始了", "/p/1"]


async def test_tencent_refusals_and_a_wrong_key_are_errors(tencent: Stub) -> None:
    tencent.refuse = 1
    with pytest.raises(SmsRefused, match="PhoneNumberDailyLimit"):
        await _tencent(tencent).send(SMS)
    with pytest.raises(SmsRefused, match=r"AuthFailure\.SignatureFailure"):
        await _tencent(tencent, key="not-the-key").send(SMS)
    assert len(tencent.received) == 1


def test_the_gateway_setting_names_the_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(gateway("aliyun"), AliyunGateway)
    assert isinstance(gateway("tencent"), TencentGateway)
    with pytest.raises(ValueError, match="unknown SMS gateway"):
        gateway("carrier-pigeon")
