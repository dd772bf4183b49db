"""数据看板 in a real Chromium at phone size: the public drills down 区 → 街道 → 村 on the
demo district, the numbers fit the screen, and the street's official opens the staff view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser.journey import Journey
from browser.live_app import live_app
from browser.steps import expect_text, log_in

DEMO_PASSWORD = "yishi-demo"
STREET_OFFICIAL = "13800000002"  # 李秀英, 吴家堡街道


@pytest.fixture
def journey(browser: Any, artifacts_dir: Path, tmp_path: Path) -> Iterator[Journey]:
    with live_app(tmp_path / "app", demo=True) as app:
        trip = Journey(
            browser=browser, app=app, name="dashboard", viewport="phone", artifacts=artifacts_dir
        )
        try:
            yield trip
        finally:
            trip.close()


def _fits(page: Any) -> None:
    """Nothing wider than the phone: tables scroll inside their own box."""
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide}px wider than the screen"


def test_drill_down_on_a_phone(journey: Journey) -> None:
    public = journey.person("public")
    public.goto("/")
    public.locator("footer a", has_text="数据看板").click()
    public.wait_for_url("**/dashboard")
    public.select_option("#d-year", "2026")
    public.locator("main form button", has_text="查看").click()
    expect_text(public, "h1", "槐荫区")
    expect_text(public, ".dash-turnout", "合计")
    _fits(public)
    journey.shot(public, "district")
    public.locator("#dash-demand a", has_text="吴家堡街道").click()
    expect_text(public, "h1", "吴家堡街道")
    expect_text(public, ".dash-crumbs", "槐荫区")
    _fits(public)
    journey.shot(public, "street")
    public.locator("#dash-demand a", has_text="吴家堡村").click()
    expect_text(public, "h1", "吴家堡村")
    _fits(public)
    journey.shot(public, "village")

    official = journey.person("official")
    log_in(official, STREET_OFFICIAL, DEMO_PASSWORD)
    official.goto("/desk/dashboard?area=370104013000&year=2026")
    expect_text(official, "h1", "工作视图")
    expect_text(official, "#dash-statuses", "已立项")
    journey.shot(official, "staff-view")
    journey.check()
