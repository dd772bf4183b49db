"""A journey: people (one browser context each) at one viewport, with screenshots, an
accessibility audit of every screen (a11y.py) and a strict watch on the console.

Any console error, uncaught page error or 5xx answer fails the journey. The one console
error allowed is Chromium's "Failed to load resource: … status of 400" for a form that a
step *expects* to be refused (a re-rendered form with its messages): the step names the
status and the path with `journey.expect_refusal(...)`, and the allowance is used up once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from browser import a11y
from browser.live_app import LiveApp

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# 长辈模式 on a phone: the same screen, with the elder cookie the header's toggle sets.
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE, "elder": PHONE}
ELDER_COOKIE = "yishi_elder"
STATUS_RE = re.compile(r"status of (\d{3})")


@dataclass
class Journey:
    browser: Any
    app: LiveApp
    name: str
    viewport: str
    artifacts: Path
    problems: list[str] = field(default_factory=list)
    allowed: list[tuple[int, str]] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)
    step: int = 0

    @property
    def folder(self) -> Path:
        path = self.artifacts / self.name / self.viewport
        path.mkdir(parents=True, exist_ok=True)
        return path

    def person(self, who: str) -> Any:
        """A new browser context (own cookies) and page for one person."""
        context = self.browser.new_context(
            base_url=self.app.base_url,
            locale="zh-CN",
            accept_downloads=True,
            **VIEWPORTS[self.viewport],
        )
        context.set_default_timeout(10_000)
        if self.viewport == "elder":
            context.add_cookies([{"name": ELDER_COOKIE, "value": "1", "url": self.app.base_url}])
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self._console(who, message))
        page.on("pageerror", lambda error: self.problems.append(f"{who}: page error {error}"))
        page.on("response", lambda response: self._response(who, response))
        return page

    def _console(self, who: str, message: Any) -> None:
        if message.type != "error":
            return
        status = STATUS_RE.search(message.text)
        path = urlsplit(message.location.get("url", "")).path
        if status and (int(status.group(1)), path) in self.allowed:
            self.allowed.remove((int(status.group(1)), path))
            return
        self.problems.append(f"{who}: console error {message.text!r} at {message.location}")

    def _response(self, who: str, response: Any) -> None:
        if response.status >= 500:
            self.problems.append(f"{who}: {response.status} from {response.url}")

    @contextmanager
    def expect_refusal(self, status: int, path: str) -> Iterator[None]:
        """Within this block, one answer from `path` is a form re-rendered with `status`.

        The block must wait for the re-rendered page (Chromium reports the failed load
        before it renders it); an allowance left unused is withdrawn at the end.
        """
        allowance = (status, path)
        self.allowed.append(allowance)
        try:
            yield
        finally:
            if allowance in self.allowed:
                self.allowed.remove(allowance)

    def shot(self, page: Any, step: str, *, full_page: bool = True) -> Path:
        """Screenshot named journey/viewport/NN-step.png: of the whole page, or only of the
        window where a sticky bar matters (a full-page capture draws it mid-page)."""
        self.step += 1
        path = self.folder / f"{self.step:02d}-{step}.png"
        self._load_every_image(page, step)
        page.screenshot(path=str(path), full_page=full_page)
        self.check()
        # Every screen a journey passes through gets the accessibility audit as well.
        problems = a11y.audit(page)
        assert not problems, f"{step} ({page.url}):\n" + "\n".join(problems)
        return path

    def _load_every_image(self, page: Any, step: str) -> None:
        """Lazy images below the fold load too (a full-page shot does not scroll), and
        every image on the screen must decode: a broken picture fails the step."""
        page.evaluate(
            "() => document.querySelectorAll('img[loading=lazy]')"
            ".forEach(img => { img.loading = 'eager'; })"
        )
        page.wait_for_function("() => [...document.images].every(img => img.complete)")
        broken = page.evaluate(
            "() => [...document.images].filter(img => !img.naturalWidth)"
            ".map(img => img.getAttribute('src'))"
        )
        assert not broken, f"{step}: images that do not load: {broken}"

    def check(self) -> None:
        assert not self.problems, "browser problems:\n" + "\n".join(self.problems)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
