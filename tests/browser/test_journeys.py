"""The whole participatory-budgeting year in a real Chromium, at desktop and phone size.

A resident registers, is verified on the roster an official uploaded, proposes a project
with a photo and comments; the official accepts it inline (htmx); the resident votes with
the live budget meter (htmx), reviews and gets a receipt; the admin closes voting and
tallies; the public results page shows the charts; finance downloads the award list XLSX,
which this test reads back. Screenshots of every step: see conftest.artifacts_dir.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from browser import steps, steps_books
from browser.journey import Journey
from browser.live_app import live_app
from openpyxl import load_workbook


@pytest.fixture(params=["desktop", "phone"])
def journey(
    request: pytest.FixtureRequest, browser: Any, artifacts_dir: Path, tmp_path: Path
) -> Iterator[Journey]:
    with live_app(tmp_path / "app") as app:
        trip = Journey(
            browser=browser,
            app=app,
            name="budget-year",
            viewport=request.param,
            artifacts=artifacts_dir,
        )
        try:
            yield trip
        finally:
            trip.close()


def test_a_budget_year_from_registration_to_the_finance_export(journey: Journey) -> None:
    admin, official, resident = (journey.person(who) for who in ("admin", "official", "resident"))
    steps.admin_sets_up(journey, admin)
    steps.official_uploads_roster(journey, official)
    steps.resident_registers_and_verifies(journey, resident)
    proposal_url = steps.resident_proposes(journey, resident)
    process_url = resident.locator(".crumbs a").first.get_attribute("href")
    assert process_url and proposal_url
    steps.official_proposes_and_reviews(journey, official)
    steps.advance(journey, admin, "审核")
    steps.advance(journey, admin, "投票")
    receipt = steps.resident_votes(journey, resident, process_url)
    steps.admin_closes_and_tallies(journey, admin)
    steps.public_sees_results(journey, journey.person("public"), process_url)
    _receipt_is_counted(journey, resident, receipt)
    steps.objection_answered_with_outcome(journey, admin, resident, official, process_url)
    finance = journey.person("finance")
    _finance_downloads_the_award_list(journey, finance)
    steps_books.finance_enters_the_payee(journey, finance)
    steps_books.finance_works_through_the_table(journey, finance, process_url)
    steps_books.public_reads_the_notice(journey, journey.person("notice-reader"), process_url)
    steps_books.inspector_reads_the_audit_log(journey, admin)
    journey.check()


def _receipt_is_counted(journey: Journey, resident: Any, receipt: str) -> None:
    resident.goto("/receipts")
    resident.fill("input[name=code]", receipt)
    resident.locator("main button").first.click()
    steps.expect_text(resident, "main .flash", "已计入")
    journey.shot(resident, "resident-receipt-checked")


def _finance_downloads_the_award_list(journey: Journey, finance: Any) -> None:
    _name, mobile, password = steps.FINANCE
    steps.log_in(finance, mobile, password)
    finance.goto("/finance")
    finance.locator("main a", has_text=steps.PROCESS_NAME).first.click()
    journey.shot(finance, "finance-process")
    with finance.expect_download() as waiting:
        finance.locator("a", has_text="下载财政版名单 XLSX").click()
    download = waiting.value
    target = journey.folder / "award-list-finance.xlsx"
    download.save_as(target)
    assert download.suggested_filename.endswith(".xlsx")
    _award_list_says_the_road_is_funded(target.read_bytes())


def _award_list_says_the_road_is_funded(xlsx: bytes) -> None:
    book = load_workbook(io.BytesIO(xlsx))
    rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and "项目名称" in row)
    funded = [dict(zip(header, row, strict=False)) for row in rows if row and steps.ROAD in row]
    assert funded, f"{steps.ROAD} is not on the award list: {rows}"
    road = funded[0]
    subsidy_fen = int(Decimal(str(road["计票奖补（元）"])) * 100)
    assert subsidy_fen == 55_000_00, road  # min(requested ¥55,000, 100% of reviewed ¥80,000)
    assert int(Decimal(str(road["总投资（元）"])) * 100) == 80_000_00
    assert road["村/社区"] == "东庄村"
    assert road["得票"] == 1
    assert not any(
        steps.LIGHTS in (cell or "") for row in rows for cell in row if isinstance(cell, str)
    ), "the unfunded project is on the award list"
