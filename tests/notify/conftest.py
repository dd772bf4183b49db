"""Reach fixtures: a real SMTP server (aiosmtpd) and settings that point the channels at
the local stubs, with the quiet hours set so that they never fall in a test's run."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message as EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from core import settings


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
        self.mails.append((list(envelope.rcpt_tos), message_from_bytes(content)))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(settings, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setattr(settings, "SMTP_PORT", port)
    monkeypatch.setattr(settings, "SMTP_TLS", "none")
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _reach_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(settings, "SMS_GATEWAY", f"file:{tmp_path / 'sms.jsonl'}")
    monkeypatch.setattr(settings, "SMS_QUIET_START", 24)  # never: tests set them when they
    monkeypatch.setattr(settings, "SMS_QUIET_END", 0)  # are about the quiet hours
    monkeypatch.setattr(settings, "SITE_URL", "https://yishi.example")
