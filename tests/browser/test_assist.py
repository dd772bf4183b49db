"""代办 in a real Chromium at phone size: the village official registers a villager who has
no phone (the consent read aloud and ticked), writes a letter and a proposal for them, and
the page sends voting to paper ballots. Runs against the demo district."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browser.journey import Journey
from browser.live_app import live_app
from browser.steps import expect_text, log_in

from core.demo import AREAS, PEOPLE
from core.models import AreaKind, Role
from residents.demo import roster_rows

DEMO_PASSWORD = "yishi-demo"
OFFICIAL = "13800000002"  # 李秀英, 吴家堡街道
VILLAGE = "370104013201"  # 吴家堡村


def _unclaimed_villager() -> tuple[str, str]:
    """A 吴家堡村 roster row no demo account holds (the demo roster is seeded)."""
    living = [row for row in AREAS if row.kind in (AreaKind.VILLAGE, AreaKind.COMMUNITY)]
    areas: Any = [SimpleNamespace(code=row.code) for row in living]
    residents = [(name, home) for name, _m, home, roles, _s in PEOPLE if roles == [Role.RESIDENT]]
    frame, _numbers = roster_rows(areas, residents)
    row = frame[frame.iloc[:, 2] == VILLAGE].iloc[len([r for r in residents if r[1] == VILLAGE])]
    return str(row.iloc[0]), str(row.iloc[1])


@pytest.fixture
def journey(browser: Any, artifacts_dir: Path, tmp_path: Path) -> Iterator[Journey]:
    with live_app(tmp_path / "app", demo=True) as app:
        trip = Journey(
            browser=browser, app=app, name="assist", viewport="phone", artifacts=artifacts_dir
        )
        try:
            yield trip
        finally:
            trip.close()


def _registers(journey: Journey, official: Any, name: str, number: str) -> None:
    log_in(official, OFFICIAL, DEMO_PASSWORD)
    official.goto("/desk/assist")
    expect_text(official, ".read-aloud", "身份证号只用于核对居民名册")
    journey.shot(official, "official-assist-desk")
    official.fill("#f-name", name)
    official.check("input[name=phone_owner][value=none]")
    official.select_option("#f-area", label="吴家堡村")
    official.fill("#f-id_number", number)
    official.fill("#f-reason", "本人不会用智能手机，由女儿陪同到村委会")
    with journey.expect_refusal(400, "/desk/assist"):
        official.locator("main button", has_text="注册并核验").click()
        expect_text(official, "#e-consent_read", "请先向本人宣读")
    journey.shot(official, "official-forgot-the-consent")
    official.fill("#f-id_number", number)  # never echoed back into the page
    official.check("input[name=consent_read]")
    official.locator("main button", has_text="注册并核验").click()
    official.wait_for_url(re.compile(r"/desk/assist/\d+$"))
    expect_text(official, "main .flash", f"已为 {name} 开通账户并核验")
    expect_text(official, ".assist-paper", "不能在网上替别人投票")
    journey.shot(official, "official-resident-page")


def _writes_for_them(journey: Journey, official: Any) -> None:
    # No phone: the mailbox could not send the answer, so the page says so instead.
    expect_text(official, "#letter-needs-phone", "需要本人或家属的手机号")
    official.fill("#f-title", "村西小桥加装护栏")
    official.fill("#f-location", "村西小桥")
    official.select_option("#f-category", "road")
    official.fill("#f-summary", "小桥没有护栏，老人孩子晚上过桥危险，加装钢护栏。")
    official.fill("#f-total_cost", "18000")
    official.fill("#f-p-reason", "本人不识字")
    official.locator("main button", has_text="代为提交提案").click()
    expect_text(official, "main .flash", "村西小桥加装护栏")
    expect_text(official, ".assist-acts", "由 李秀英 代办：代写并提交提案")
    journey.shot(official, "official-wrote-for-them")
    official.goto("/desk/assist")
    expect_text(official, "main table", "代写并提交提案「村西小桥加装护栏」")
    journey.shot(official, "official-assist-log")


def test_an_official_registers_and_writes_for_a_villager_on_a_phone(journey: Journey) -> None:
    name, number = _unclaimed_villager()
    official = journey.person("official")
    _registers(journey, official, name, number)
    _writes_for_them(journey, official)
    journey.check()
