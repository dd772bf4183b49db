"""Browser fixtures: Debian's Chromium driven by Playwright, and the app served for real.

Playwright never downloads a browser here: it launches the system's `/usr/bin/chromium`
(or `YISHI_CHROMIUM`). Without it the browser tests skip loudly on a workstation, and fail
under CI (`CI` or `YISHI_REQUIRE_BROWSER=1`, which `.ci/run` sets), where a skipped
journey would pass for a tested one.

These tests use no `database` fixture, so the PostgreSQL pass deselects them (see
tests/conftest.py): they run once, in the SQLite pass, against the app's own SQLite file.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.live_app import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
# The artefact folders the tests here write.
JOURNEYS = (
    "budget-year",
    "accessibility",
    "letters",
    "password-reset",
    "ratings",
    "search",
    "elder",
    "dashboard",
)


def _chromium() -> str | None:
    wanted = os.environ.get("YISHI_CHROMIUM", "/usr/bin/chromium")
    return wanted if Path(wanted).exists() else shutil.which("chromium")


def _browser_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("YISHI_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _chromium()
    if path is None:
        message = (
            "BROWSER TESTS NOT RUN: no Chromium at /usr/bin/chromium. Install Debian's "
            "(`apt-get install chromium fonts-noto-cjk`, which `make test` does) or set "
            "YISHI_CHROMIUM."
        )
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots land here: YISHI_ARTIFACTS_DIR, or test-artifacts/browser (git-ignored)."""
    path = Path(os.environ.get("YISHI_ARTIFACTS_DIR") or ROOT / "test-artifacts" / "browser")
    for journey in JOURNEYS:  # this run's screenshots only, none left from an older run
        shutil.rmtree(path / journey, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    """One Chromium per test module.

    Module scope, not session: while Playwright's sync API is alive it marks its own event
    loop as running, which would trip the asyncio tests that run after this folder.
    """
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # a busy two-core CI box: wait as long as actions do
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    asyncio._set_running_loop(None)  # belt and braces for the asyncio tests that follow
