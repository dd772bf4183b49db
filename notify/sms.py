"""The SMS gateway interface and its development gateway.

Providers in China send only pre-approved templates (模板) under an approved signature
(签名): a message is a template code and its parameters; ``text`` is the rendered wording,
kept for the development gateway, the delivery log and the inbox.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from core import clock, settings


@dataclass(frozen=True)
class Sms:
    to: str  # 11-digit mainland mobile number
    template: str  # Yishi's template name, mapped to the provider's code by the gateway
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""
    # Yishi's own id for this send, handed to the provider where it takes one (Alibaba's
    # OutId, Tencent's SessionContext), so a send can be matched with the provider's records.
    ref: str = ""


class SmsRefused(Exception):
    """The provider answered and refused the message (its code and wording in the text)."""


class SmsGateway(Protocol):
    async def send(self, sms: Sms) -> str:
        """Hand ``sms`` to the provider; return its id for the message. Raise on refusal."""
        ...


class FileGateway:
    """Development gateway (``YISHI_SMS_GATEWAY=file:PATH``): one JSON line per message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def send(self, sms: Sms) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {**asdict(sms), "sent_at": clock.now().isoformat()}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return sms.ref or f"file-{clock.now().timestamp()}"


def gateway(spec: str | None = None) -> SmsGateway:
    """The gateway named by ``YISHI_SMS_GATEWAY`` (or ``spec``): ``file:PATH``, ``aliyun``
    or ``tencent`` (their keys, endpoint and region in their own settings)."""
    spec = spec or settings.SMS_GATEWAY
    kind, _, rest = spec.partition(":")
    if kind == "file":
        return FileGateway(Path(rest))
    if kind == "aliyun":
        from notify.channels import aliyun

        return aliyun.from_settings()
    if kind == "tencent":
        from notify.channels import tencent

        return tencent.from_settings()
    raise ValueError(f"unknown SMS gateway {spec!r}")
