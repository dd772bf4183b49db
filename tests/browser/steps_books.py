"""Journey steps for the finance office's table, the 公示 notice on the village board and
the audit log an inspector reads (issue 17 items 9-11), at desktop and phone size."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from browser import steps
from browser.journey import Journey

ACCOUNT = "6228 4800 1234 5678 901"


def _fits_the_screen(page: Any, where: str) -> None:
    """Nothing makes the page itself scroll sideways: wide tables scroll in their region."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} is {overflow}px wider than the screen"


def finance_enters_the_payee(journey: Journey, finance: Any) -> None:
    finance.goto("/finance/payees")
    finance.locator("main tr", has_text="东庄村").locator("a", has_text="登记").click()
    path = urlsplit(finance.url).path
    finance.fill("#f-account_name", "东庄村股份经济合作社")
    finance.fill("#f-bank", "农业银行青石支行")
    finance.fill("#f-account_number", ACCOUNT)
    finance.fill("#f-account_number_again", ACCOUNT.replace("901", "910"))
    with journey.expect_refusal(400, path):
        finance.locator("main button", has_text="保存").click()
        steps.expect_text(finance, "#e-account_number_again", "两次输入的账号不一致")
    journey.shot(finance, "finance-payee-mistyped")
    finance.fill("#f-account_number", ACCOUNT)
    finance.fill("#f-account_number_again", ACCOUNT)
    finance.locator("main button", has_text="保存").click()
    finance.wait_for_url(re.compile(r"/finance/payees$"))
    steps.expect_text(finance, "main table", ACCOUNT.replace(" ", ""))
    journey.shot(finance, "finance-payees")


def finance_works_through_the_table(journey: Journey, finance: Any, process_url: str) -> None:
    process_id = process_url.rstrip("/").rsplit("/", 1)[-1]
    finance.goto(f"/finance/processes/{process_id}")
    for definition in ("是财政核定的上限", "经财政逐笔确认", "转入村集体收款账户"):
        steps.expect_text(finance, ".finance-terms", definition)
    row = finance.locator("table.finance tbody tr", has_text=steps.ROAD)
    row.locator("input[name=confirmed]").fill("55000")
    row.locator("input[name=disbursed]").fill("20000")
    row.locator("input[name=disbursed_on]").fill("2027-05-20")
    row.locator("button", has_text="保存").click()
    steps.expect_text(finance, "main .flash", f"已保存「{steps.ROAD}」")
    row = finance.locator("table.finance tbody tr", has_text=steps.ROAD)
    steps.expect_text(finance, "table.finance tbody", "¥20,000.00")
    assert "东庄村股份经济合作社" in row.inner_text()
    region = finance.locator(".table-wrap", has=finance.locator("table.finance"))
    assert region.get_attribute("tabindex") == "0"  # a keyboard can scroll it too
    wider = region.evaluate("el => el.scrollWidth > el.clientWidth")
    if journey.viewport == "phone":
        assert wider, "on a phone the table scrolls inside its region"
    else:
        assert not wider, "at desktop size the whole table shows, nothing clipped"
    _fits_the_screen(finance, "the finance table")
    journey.shot(finance, "finance-table")


def public_reads_the_notice(journey: Journey, visitor: Any, process_url: str) -> None:
    visitor.goto(f"{process_url}/awards/notice")
    title = visitor.locator("h1").inner_text()
    assert title == f"关于{steps.PROCESS_NAME}一事一议财政奖补项目的公示", title
    qr = visitor.locator("svg.qr")
    box = qr.bounding_box()
    assert box and box["width"] >= 100, box  # big enough to scan from a board
    steps.expect_text(visitor, ".sign", "年")
    _fits_the_screen(visitor, "the notice")
    journey.shot(visitor, "public-notice")
    pdf = visitor.pdf(format="A4", print_background=True)
    (journey.folder / "notice.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the notice prints on {pages} A4 sheets"
    visitor.goto(f"{process_url}/poster")
    assert visitor.locator("svg.qr").count() == 1
    _fits_the_screen(visitor, "the poster")
    journey.shot(visitor, "public-poster")
    visitor.goto(process_url)
    og = visitor.locator('meta[property="og:title"]').get_attribute("content")
    assert og == steps.PROCESS_NAME
    image = visitor.locator('meta[property="og:image"]').get_attribute("content")
    assert image and image.startswith("http") and image.endswith(".png")


def inspector_reads_the_audit_log(journey: Journey, admin: Any) -> None:
    admin.goto("/admin/audit")
    table = admin.locator("table.audit")
    text = table.inner_text()
    assert "批次进入新阶段" in text and "财政核定/拨付奖补" in text
    assert "process.phase" not in text and "award.finance" not in text
    assert re.search(r"阶段：\s*投票\s*→\s*计票", text), text[:2000]
    assert re.search(r"核定奖补：\s*—\s*→\s*¥55,000.00", text), text[:2000]
    assert "5500000" not in text  # no fen
    _fits_the_screen(admin, "the audit log")
    journey.shot(admin, "admin-audit-log")
