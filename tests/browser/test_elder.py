"""长辈模式 at phone size in a real Chromium (issue 17): one tap from the header, remembered
from page to page, text of at least 18px and targets of at least 48px measured in the
page, secondary navigation folded under 更多, and the public page cache never handing the
elder page to anyone else (nor the normal page to an elder)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe
from browser.elder import MIN_TARGET_PX, MIN_TEXT_PX, measure
from browser.journey import Journey
from browser.live_app import LiveApp, live_app
from browser.steps import expect_text, log_in

DEMO_PASSWORD = "yishi-demo"
RESIDENT = "13900000001"  # 张桂兰, 吴家堡村


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    with live_app(tmp_path_factory.mktemp("elder"), demo=True) as app:
        yield app


@pytest.fixture
def journey(browser: Any, demo_app: LiveApp, artifacts_dir: Path) -> Iterator[Journey]:
    trip = Journey(
        browser=browser, app=demo_app, name="elder", viewport="phone", artifacts=artifacts_dir
    )
    try:
        yield trip
    finally:
        trip.close()


def _is_elder(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.classList.contains('elder')"))


def _sized_for_elders(journey: Journey, page: Any, step: str) -> None:
    journey.shot(page, step)
    found = measure(page)
    assert found["elder"], f"{step}: not in 长辈模式"
    assert found["body"] >= MIN_TEXT_PX
    assert not found["small"], f"{step}: text under {MIN_TEXT_PX}px: {found['small']}"
    assert found["measured"] >= 5, f"{step}: measured only {found['measured']} targets"
    assert not found["cramped"], f"{step}: targets under {MIN_TARGET_PX}px: {found['cramped']}"
    serious = axe.serious_violations(page)
    assert not serious, f"{step}: " + "\n".join(serious)


def test_an_elder_turns_the_mode_on_once_and_reads_every_page_large(journey: Journey) -> None:
    visitor = journey.person("elder")
    visitor.goto("/processes")
    assert not _is_elder(visitor)
    before = measure(visitor)
    assert before["small"], "the normal page should have text under 18px to compare with"
    journey.shot(visitor, "normal-processes")
    visitor.locator("header a", has_text="长辈模式").click()  # one tap, back on the page
    visitor.wait_for_url(re.compile(r"/processes$"))
    _sized_for_elders(journey, visitor, "elder-processes")
    # Secondary navigation is folded away, one tap from sight.
    assert not visitor.locator("header a[href='/consult']").is_visible()
    visitor.locator("header summary", has_text="更多").click()
    assert visitor.locator("header a[href='/consult']").is_visible()
    visitor.locator("main a", has_text="一事一议奖补项目").first.click()
    _sized_for_elders(journey, visitor, "elder-process")
    visitor.locator("#proposals a[href^='/proposals/']").first.click()
    _sized_for_elders(journey, visitor, "elder-proposal")
    log_in(visitor, RESIDENT, DEMO_PASSWORD)  # remembered across signing in
    _sized_for_elders(journey, visitor, "elder-signed-in")
    visitor.goto("/processes")
    visitor.locator("main a", has_text="预算内选择").first.click()
    visitor.locator("main a", has_text="去投票").click()
    visitor.wait_for_url(re.compile(r"/vote/\d+$"))
    _sized_for_elders(journey, visitor, "elder-ballot")
    visitor.locator("header a", has_text="退出长辈模式").click()
    visitor.wait_for_url(re.compile(r"/vote/\d+$"))
    assert not _is_elder(visitor)
    journey.check()


def test_the_page_cache_keeps_the_two_modes_apart(journey: Journey) -> None:
    """The same anonymous page, kept by the cache, seen alternately by an elder visitor
    and a normal one: each always gets their own."""
    elder, other = journey.person("elder"), journey.person("public")
    elder.goto("/")
    elder.locator("header a", has_text="长辈模式").click()
    elder.wait_for_url(re.compile(r"/$"))
    for _ in range(2):  # the second round is served from the cache
        elder.goto("/processes")
        other.goto("/processes")
        assert _is_elder(elder) and not _is_elder(other)
        expect_text(other, "header", "长辈模式")
        assert not other.locator("header summary", has_text="更多").count()
    journey.shot(other, "normal-after-elder")
    journey.check()
