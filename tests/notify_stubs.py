"""Local stand-ins for the SMS providers, on 127.0.0.1, for the notify tests.

Each stub checks a request's signature the way its provider documents it, written here
apart from the adapters (a shared bug cannot hide), and answers as the provider does:
success, a business refusal, or a signature error. ``hold`` keeps a request waiting (the
worker-killed test) after it has been recorded as received.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote

ALIYUN_KEY_ID, ALIYUN_SECRET = "LTAI-test-key", "aliyun-test-secret"
TENCENT_ID, TENCENT_KEY = "AKID-test-id", "tencent-test-key"


@dataclass
class Stub:
    """What a stub received and how it answers next."""

    received: list[dict[str, Any]] = field(default_factory=list)
    refuse: int = 0  # answer this many next requests with a business error
    hold: threading.Event | None = None  # when set up: wait on it before answering
    nonces: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        if self.hold is not None:
            self.hold.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _rfc3986(value: str) -> str:
    return quote(value, safe="-_.~")


def aliyun_signature_ok(params: dict[str, str]) -> bool:
    """Alibaba Cloud RPC signature v1 as documented (HMAC-SHA1 over POST&%2F&query)."""
    query = "&".join(
        f"{_rfc3986(k)}={_rfc3986(v)}" for k, v in sorted(params.items()) if k != "Signature"
    )
    to_sign = "POST&%2F&" + _rfc3986(query)
    key = (ALIYUN_SECRET + "&").encode()
    expected = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha1).digest()).decode()
    return hmac.compare_digest(expected, params.get("Signature", ""))


def tencent_signature_ok(headers: dict[str, str], body: bytes) -> bool:
    """Tencent Cloud API signature v3 (TC3-HMAC-SHA256) as documented."""
    timestamp = int(headers["x-tc-timestamp"])
    date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    canonical = (
        f"POST\n/\n\ncontent-type:{headers['content-type']}\nhost:{headers['host']}\n\n"
        f"content-type;host\n{hashlib.sha256(body).hexdigest()}"
    )
    scope = f"{date}/sms/tc3_request"
    to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    )

    def sign(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    secret = sign(sign(sign(("TC3" + TENCENT_KEY).encode(), date), "sms"), "tc3_request")
    signature = hmac.new(secret, to_sign.encode(), hashlib.sha256).hexdigest()
    expected = (
        f"TC3-HMAC-SHA256 Credential={TENCENT_ID}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )
    fresh = abs(time.time() - timestamp) < 300
    return fresh and hmac.compare_digest(expected, headers.get("authorization", ""))


def _serve(stub: Stub, answer: Any) -> Stub:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload = answer(stub, headers, body)
            if stub.hold is not None:
                stub.hold.wait(30)
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    stub.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=stub.server.serve_forever, daemon=True).start()
    return stub


def _aliyun_answer(stub: Stub, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
    params = dict(parse_qsl(body.decode(), keep_blank_values=True))
    if not aliyun_signature_ok(params) or params["SignatureNonce"] in stub.nonces:
        return 400, {
            "Code": "SignatureDoesNotMatch",
            "Message": "Specified signature is not matched",
        }
    stub.nonces.add(params["SignatureNonce"])
    stub.received.append(params)
    if stub.refuse:
        stub.refuse -= 1
        return 200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1"}
    return 200, {"Code": "OK", "Message": "OK", "BizId": f"biz-{len(stub.received)}"}


def _tencent_answer(stub: Stub, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
    if headers.get("x-tc-action") != "SendSms" or not tencent_signature_ok(headers, body):
        error = {
            "Code": "AuthFailure.SignatureFailure",
            "Message": "The provided credentials could not be validated.",
        }
        return 200, {"Response": {"Error": error, "RequestId": "r-1"}}
    payload = json.loads(body)
    stub.received.append(payload)
    if stub.refuse:
        stub.refuse -= 1
        error = {
            "Code": "LimitExceeded.PhoneNumberDailyLimit",
            "Message": "单个手机号日下发短信条数超过设定的上限",
        }
        return 200, {"Response": {"Error": error, "RequestId": "r-2"}}
    status = {
        "SerialNo": f"serial-{len(stub.received)}",
        "PhoneNumber": payload["PhoneNumberSet"][0],
        "Fee": 1,
        "SessionContext": payload.get("SessionContext", ""),
        "Code": "Ok",
        "Message": "send success",
        "IsoCode": "CN",
    }
    return 200, {"Response": {"SendStatusSet": [status], "RequestId": "r-3"}}


def aliyun_stub() -> Stub:
    return _serve(Stub(), _aliyun_answer)


def tencent_stub() -> Stub:
    return _serve(Stub(), _tencent_answer)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """aiosmtpd handler: keeps every e-mail it accepts."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []
        self.refuse = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        content = envelope.content  # type: ignore[attr-defined]
        self.mails.append(
            (list(envelope.rcpt_tos), message_from_bytes(content, policy=policy.default))
        )  # type: ignore[attr-defined]
        return "250 OK"
