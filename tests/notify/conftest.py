"""Reach fixtures: a real SMTP server (aiosmtpd) and settings that point the channels at
the local stubs, with the quiet hours set so that they never fall in a test's run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from notify_stubs import Inbox, free_port

from core import settings


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
