"""Alibaba Cloud SMS (阿里云短信, dysmsapi ``SendSms``, API version 2017-05-25).

Requests are signed with Alibaba Cloud's RPC signature v1 (HMAC-SHA1): every parameter
except ``Signature``, sorted by name and percent-encoded per RFC 3986, joined into the
canonical query; the string to sign is ``POST&%2F&`` + the encoded canonical query; the key
is the AccessKey secret followed by ``&``. Yishi's delivery reference travels as ``OutId``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import uuid
from urllib.parse import quote

import httpx

from core import settings
from notify.sms import Sms, SmsRefused

VERSION = "2017-05-25"
TIMEOUT = httpx.Timeout(30.0)


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the signature requires: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return quote(value, safe="~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """The ``Signature`` of a request with these parameters (``Signature`` itself excluded)."""
    unsigned = {key: value for key, value in params.items() if key != "Signature"}
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(unsigned))}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunGateway:
    def __init__(
        self, key_id: str, secret: str, *, endpoint: str, region: str, sign_name: str
    ) -> None:
        self.key_id, self.secret = key_id, secret
        self.endpoint, self.region, self.sign_name = endpoint, region, sign_name

    def params(self, sms: Sms) -> dict[str, str]:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": self.region,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": VERSION,
            "PhoneNumbers": sms.to,
            "SignName": self.sign_name,
            "TemplateCode": settings.SMS_TEMPLATES.get(sms.template, sms.template),
            "TemplateParam": json.dumps(sms.params, ensure_ascii=False),
        }
        if sms.ref:
            params["OutId"] = sms.ref
        params["Signature"] = signature(params, self.secret)
        return params

    async def send(self, sms: Sms) -> str:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            response = await http.post(self.endpoint, data=self.params(sms))
        try:
            answer = response.json()
        except ValueError as exc:
            raise SmsRefused(f"aliyun HTTP {response.status_code}") from exc
        if answer.get("Code") != "OK":
            raise SmsRefused(f"aliyun {answer.get('Code')}: {answer.get('Message')}")
        return str(answer.get("BizId", ""))


def from_settings() -> AliyunGateway:
    return AliyunGateway(
        settings.ALIYUN_ACCESS_KEY_ID,
        str(settings.ALIYUN_ACCESS_KEY_SECRET),
        endpoint=settings.ALIYUN_SMS_ENDPOINT,
        region=settings.ALIYUN_SMS_REGION,
        sign_name=settings.SMS_SIGN_NAME,
    )
