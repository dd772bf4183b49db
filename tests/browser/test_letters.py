"""领导信箱 in a real Chromium at phone size: a resident writes a letter, the village's
official accepts and answers it, the resident rates the answer, and the public reads it,
masked. Runs against the demo district (its residents have proven phones)."""

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
VILLAGE_OFFICIAL = "13800000004"  # 孙立军, 吴家堡村
SUBJECT = "小学门口缺少减速带"
TEXT = "吴家堡小学门口的路上车开得很快，孩子上下学很危险，建议安装减速带。我的电话 13912345678。"


@pytest.fixture
def journey(browser: Any, artifacts_dir: Path, tmp_path: Path) -> Iterator[Journey]:
    with live_app(tmp_path / "app", demo=True) as app:
        trip = Journey(
            browser=browser, app=app, name="letters", viewport="phone", artifacts=artifacts_dir
        )
        try:
            yield trip
        finally:
            trip.close()


def _writes(journey: Journey, resident: Any) -> str:
    log_in(resident, RESIDENT, DEMO_PASSWORD)
    resident.goto("/letters/write")
    journey.shot(resident, "resident-write-form")
    resident.select_option("#f-kind", "suggest")
    resident.fill("#f-subject", SUBJECT)
    resident.fill("#f-text", TEXT)
    resident.check("input[name=is_public]")
    resident.check("input[name=show_name]")
    resident.locator("main button", has_text="提交来信").click()
    resident.wait_for_url(re.compile(r"/letters/\d+$"))
    expect_text(resident, "#letter-status", "待受理")
    journey.shot(resident, "resident-letter-sent")
    return str(resident.url).rsplit("/", 1)[1]


def _official_handles(journey: Journey, official: Any, letter_id: str) -> None:
    log_in(official, VILLAGE_OFFICIAL, DEMO_PASSWORD)
    official.goto("/desk/letters")
    expect_text(official, f"#desk-{letter_id}", SUBJECT)
    journey.shot(official, "official-desk-queue")
    official.locator(f"#desk-{letter_id} a").first.click()
    expect_text(official, ".notice", RESIDENT)  # the handler sees the writer's contact
    official.locator("main button", has_text="受理").first.click()
    expect_text(official, "#letter-status", "办理中")
    official.fill("#f-reply", "已联系交通部门，下周在小学门口安装减速带和警示牌。")
    official.locator("main button", has_text="发布答复").click()
    expect_text(official, "#letter-status", "已答复")
    journey.shot(official, "official-replied")


def _resident_rates(journey: Journey, resident: Any, letter_id: str) -> None:
    resident.goto(f"/letters/{letter_id}")
    expect_text(resident, "main", "下周在小学门口安装减速带")
    journey.shot(resident, "resident-sees-reply")
    resident.check("input[name=rating][value=satisfied]")
    resident.locator("main button", has_text="提交评价").click()
    expect_text(resident, "main .flash", "谢谢您的评价")
    expect_text(resident, "#letter-rating", "满意")
    journey.shot(resident, "resident-rated")


def _public_reads(journey: Journey, public: Any, letter_id: str) -> None:
    public.goto("/letters")
    card = f"#letter-{letter_id}"
    expect_text(public, card, SUBJECT)
    expect_text(public, card, "张**")
    expect_text(public, card, "139****5678")
    assert "13912345678" not in public.content() and "张桂兰" not in public.content()
    journey.shot(public, "public-letters")
    public.goto("/letters/stats")
    expect_text(public, "#letter-stats", "吴家堡村")
    journey.shot(public, "public-statistics")


def test_a_letter_from_writing_to_rating_on_a_phone(journey: Journey) -> None:
    resident = journey.person("resident")
    letter_id = _writes(journey, resident)
    _official_handles(journey, journey.person("official"), letter_id)
    _resident_rates(journey, resident, letter_id)
    _public_reads(journey, journey.person("public"), letter_id)
    journey.check()
