"""Tencent Cloud SMS (腾讯云短信, ``SendSms``, API version 2021-01-11).

Requests are signed with TC3-HMAC-SHA256 (Tencent Cloud API signature v3): a canonical
request (method, ``/``, empty query, the ``content-type`` and ``host`` headers, the SHA-256
of the JSON body), hashed into the string to sign with the credential scope
``date/sms/tc3_request``; the key is derived from ``"TC3" + SecretKey`` through the UTC date,
the service and ``tc3_request``. Yishi's delivery reference travels as ``SessionContext``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

import httpx

from core import settings
from notify.sms import Sms, SmsRefused

SERVICE = "sms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
TIMEOUT = httpx.Timeout(30.0)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int) -> str:
    """The ``Authorization`` header of a POST of ``body`` to ``host`` at ``timestamp``."""
    date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{date}/{SERVICE}/tc3_request"
    to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    signed = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signed}"
    )


class TencentGateway:
    def __init__(
        self,
        secret_id: str,
        secret_key: str,
        *,
        app_id: str,
        endpoint: str,
        region: str,
        sign_name: str,
    ) -> None:
        self.secret_id, self.secret_key, self.app_id = secret_id, secret_key, app_id
        self.endpoint, self.region, self.sign_name = endpoint, region, sign_name

    def body(self, sms: Sms) -> bytes:
        payload = {
            "PhoneNumberSet": [f"+86{sms.to}"],
            "SmsSdkAppId": self.app_id,
            "SignName": self.sign_name,
            "TemplateId": settings.SMS_TEMPLATES.get(sms.template, sms.template),
            "TemplateParamSet": list(sms.params.values()),
            "SessionContext": sms.ref,
        }
        return json.dumps(payload, ensure_ascii=False).encode()

    def headers(self, body: bytes, timestamp: int) -> dict[str, str]:
        host = urlsplit(self.endpoint).netloc
        return {
            "Authorization": authorization(self.secret_id, self.secret_key, host, body, timestamp),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": self.region,
        }

    async def send(self, sms: Sms) -> str:
        body = self.body(sms)
        headers = self.headers(body, int(time.time()))
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            response = await http.post(self.endpoint, content=body, headers=headers)
        try:
            answer = response.json()["Response"]
        except (ValueError, KeyError) as exc:
            raise SmsRefused(f"tencent HTTP {response.status_code}") from exc
        if "Error" in answer:
            error = answer["Error"]
            raise SmsRefused(f"tencent {error.get('Code')}: {error.get('Message')}")
        [status] = answer["SendStatusSet"]
        if status.get("Code") != "Ok":
            raise SmsRefused(f"tencent {status.get('Code')}: {status.get('Message')}")
        return str(status.get("SerialNo", ""))


def from_settings() -> TencentGateway:
    return TencentGateway(
        settings.TENCENT_SECRET_ID,
        str(settings.TENCENT_SECRET_KEY),
        app_id=settings.TENCENT_SMS_APP_ID,
        endpoint=settings.TENCENT_SMS_ENDPOINT,
        region=settings.TENCENT_SMS_REGION,
        sign_name=settings.SMS_SIGN_NAME,
    )
