"""满意度评价 in a real Chromium at phone size: the demo's accepted drainage project in
吴家堡村 invites the village to rate it; a resident opens the invitation, rates it, tries
again and is shown her rating; the township's official answers; the public reads the
average, the bars and the answer on the project's page and the progress page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser.journey import Journey
from browser.live_app import live_app
from browser.steps import expect_text, log_in

DEMO_PASSWORD = "yishi-demo"
RESIDENT = "13900000001"  # 张桂兰, 吴家堡村
NEIGHBOUR = "13900000002"  # 刘长海, 前屯村
OFFICIAL = "13800000002"  # 李秀英, 吴家堡街道
PROJECT = "村西排水渠改造 500 米"
COMMENT = "雨季不再积水了，就是渠边还缺护栏。"
ANSWER = "护栏已列入明年计划，谢谢提醒。"


@pytest.fixture
def journey(browser: Any, artifacts_dir: Path, tmp_path: Path) -> Iterator[Journey]:
    with live_app(tmp_path / "app", demo=True) as app:
        trip = Journey(
            browser=browser, app=app, name="ratings", viewport="phone", artifacts=artifacts_dir
        )
        try:
            yield trip
        finally:
            trip.close()


def _resident_rates(journey: Journey, resident: Any) -> str:
    log_in(resident, RESIDENT, DEMO_PASSWORD)
    resident.goto("/messages")
    invitation = resident.locator("ul.messages button", has_text="已通过验收，请您评价")
    invitation.first.click()
    resident.wait_for_url(re.compile(r"/proposals/\d+/rating$"))
    expect_text(resident, "main", PROJECT)
    journey.shot(resident, "resident-rating-form")
    resident.locator(".rating-score", has_text="满意").nth(1).click()  # 4: 满意
    resident.fill("#f-comment", COMMENT)
    resident.locator("main button", has_text="提交评价").click()
    expect_text(resident, "main .flash", "感谢您的评价")
    expect_text(resident, "#my-rating", "4 分")
    journey.shot(resident, "resident-rated")
    url = str(resident.url)
    resident.goto(url)  # a second visit: her rating, no second form
    assert resident.locator("input[name=score]").count() == 0
    expect_text(resident, "#my-rating", "您已经评价过这个项目")
    return url.rsplit("/", 2)[1]


def _neighbour_is_told_why_not(journey: Journey, neighbour: Any, proposal_id: str) -> None:
    log_in(neighbour, NEIGHBOUR, DEMO_PASSWORD)
    neighbour.goto(f"/proposals/{proposal_id}/rating")
    expect_text(neighbour, "#my-rating", "只有吴家堡村名册上的居民才能评价这个项目")
    journey.shot(neighbour, "neighbour-refused")


def _official_answers(journey: Journey, official: Any, proposal_id: str) -> None:
    log_in(official, OFFICIAL, DEMO_PASSWORD)
    official.goto(f"/proposals/{proposal_id}/rating")
    official.locator("textarea[name=answer]").first.fill(ANSWER)
    official.locator("main button", has_text="回复").first.click()
    expect_text(official, "main .flash", "已回复")
    journey.shot(official, "official-answered")


def _public_reads(journey: Journey, public: Any, proposal_id: str) -> None:
    public.goto(f"/proposals/{proposal_id}")
    expect_text(public, "#ratings", "4.0")
    expect_text(public, "#ratings", "1 人评价")
    expect_text(public, "#ratings", COMMENT)
    expect_text(public, "#ratings", ANSWER)
    assert public.locator("#ratings svg").count() == 1
    public.locator("#ratings").scroll_into_view_if_needed()
    journey.shot(public, "public-project-ratings")
    public.locator("main .crumbs a").first.click()
    public.goto(str(public.url).rstrip("/") + "/progress")
    expect_text(public, ".progress-table", "4.0")
    journey.shot(public, "public-progress-ratings")


def test_a_finished_project_is_rated_on_a_phone(journey: Journey) -> None:
    proposal_id = _resident_rates(journey, journey.person("resident"))
    _neighbour_is_told_why_not(journey, journey.person("neighbour"), proposal_id)
    _official_answers(journey, journey.person("official"), proposal_id)
    _public_reads(journey, journey.person("public"), proposal_id)
    journey.check()
