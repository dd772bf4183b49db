"""Search (搜索) on a phone (390×844) in a real Chromium: a visitor types into the box in the
header, finds the demo's solar street lights inside a longer title, narrows the hits by
kind, and opens the proposal; a word inside a longer phrase of the body is found too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browser import steps
from browser.journey import Journey
from browser.live_app import live_app


def test_a_visitor_searches_from_the_header_on_a_phone(
    browser: Any, artifacts_dir: Path, tmp_path: Path
) -> None:
    with live_app(tmp_path / "app", demo=True) as app:
        journey = Journey(
            browser=browser, app=app, name="search", viewport="phone", artifacts=artifacts_dir
        )
        try:
            visitor = journey.person("visitor")
            visitor.goto("/")
            box = visitor.locator("header form[role=search] input[name=q]")
            box.fill("路灯")
            journey.shot(visitor, "home-search-box")
            box.press("Enter")
            visitor.wait_for_url(re.compile(r"/search\?q="))
            steps.expect_text(visitor, "main [role=status]", "找到")
            steps.expect_text(visitor, "main .search-hits", "安装太阳能路灯")
            assert visitor.locator("main .search-hits mark").first.inner_text() == "路灯"
            journey.shot(visitor, "search-results")
            visitor.select_option("#s-kind", "proposal")
            visitor.locator("main form[role=search] button").click()
            visitor.wait_for_url(re.compile(r"kind=proposal"))
            steps.expect_text(visitor, "main .search-hits", "安装太阳能路灯")
            visitor.locator("main .search-hits a", has_text="安装太阳能路灯").first.click()
            visitor.wait_for_url(re.compile(r"/proposals/\d+$"))
            steps.expect_text(visitor, "main h1", "路灯")
            journey.shot(visitor, "proposal-opened")
            visitor.goto("/search?q=" + "硬化")
            steps.expect_text(visitor, "main .search-hits", "硬化")
            journey.check()
        finally:
            journey.close()
