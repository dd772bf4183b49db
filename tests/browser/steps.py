"""The steps of the participatory-budgeting journey, as the people involved click them.

Each step drives one person's page through the real UI and takes a screenshot. Only the
first admin comes from the command line (`yishi createadmin`, in live_app.py): everything
else (areas, staff accounts and roles, the process and its phases, the roster) is made in
the browser by the people whose job it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from browser import fixtures_data as data
from browser.journey import Journey
from browser.live_app import ADMIN_MOBILE, ADMIN_PASSWORD

OFFICIAL = ("李建国", "13800000102", "official-pass-1")
FINANCE = ("陈会计", "13800000103", "finance-pass-1")
PROCESS_NAME = "2027 年度青石街道民生实事"
ROAD = "东庄村主路硬化"
LIGHTS = "西庄社区路灯改造"


def expect_text(page: Any, selector: str, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator(selector).first).to_contain_text(text)


@contextmanager
def without_reload(page: Any) -> Iterator[None]:
    """The block's action is answered by htmx in place: the document is never replaced."""
    page.evaluate("() => { window.yishiSameDocument = true; }")
    yield
    assert page.evaluate("() => window.yishiSameDocument === true"), "the page reloaded"


def log_in(page: Any, mobile: str, password: str) -> None:
    page.goto("/login")
    page.fill("#f-mobile", mobile)
    page.fill("#f-password", password)
    page.locator("main button", has_text="登录").click()
    page.wait_for_url(re.compile(r"/(me)?$"))


def admin_sets_up(journey: Journey, admin: Any) -> None:
    log_in(admin, ADMIN_MOBILE, ADMIN_PASSWORD)
    admin.goto("/admin/areas/import")
    admin.set_input_files("#f-file", data.upload("areas.csv", "text/csv", data.areas_csv()))
    admin.locator("main button", has_text="上传并导入").click()
    expect_text(admin, "main", data.EAST_NAME)
    journey.shot(admin, "admin-areas-imported")
    _staff_account(journey, admin, OFFICIAL, "official", data.STREET_NAME)
    _staff_account(journey, admin, FINANCE, "finance", None)
    _process(journey, admin)


def _staff_account(
    journey: Journey, admin: Any, who: tuple[str, str, str], role: str, area: str | None
) -> None:
    name, mobile, password = who
    admin.goto("/admin/users/new")
    admin.fill("#f-name", name)
    admin.fill("#f-mobile", mobile)
    admin.fill("#f-password", password)
    admin.locator("main button", has_text="创建").click()
    admin.wait_for_url(re.compile(r"/admin/users/\d+$"))
    admin.select_option("#f-role", role)
    if area:
        admin.select_option("#f-area", label=f"{area}（{data.STREET}）")
    admin.locator("main button", has_text="授予").click()
    expect_text(admin, ".grants", "村/社区干部" if role == "official" else "财政")
    journey.shot(admin, f"admin-grants-{role}")


def _process(journey: Journey, admin: Any) -> None:
    from playwright.sync_api import expect

    admin.goto("/admin/processes/new")
    admin.fill("#f-name", PROCESS_NAME)
    admin.select_option("#f-area", label=data.STREET_NAME)
    admin.fill("#f-budget", "150000")
    admin.select_option("#f-voting_method", "knapsack")
    admin.select_option("#f-tally_rule", "greedy")
    admin.fill("#f-subsidy_ratio", "100")
    # Issue 17 item 8: only the chosen method's settings show (static/js/process-form.js).
    expect(admin.locator("#f-knapsack_min_share")).to_be_visible()
    expect(admin.locator("#f-points_total")).to_be_hidden()
    expect(admin.locator("#f-vote_threshold")).to_be_hidden()
    admin.select_option("#f-voting_method", "cumulative")
    expect(admin.locator("#f-points_total")).to_be_visible()
    expect(admin.locator("#f-knapsack_min_share")).to_be_hidden()
    admin.select_option("#f-voting_method", "knapsack")
    admin.select_option("#f-tally_rule", "greedy")
    journey.shot(admin, "admin-process-form")
    admin.locator("button[value=save]").click()
    expect_text(admin, "table", PROCESS_NAME)
    advance(journey, admin, "征集")


# The election key's shares, as the committee would keep them on paper, per journey.
_shares: dict[int, list[str]] = {}


def advance(journey: Journey, admin: Any, phase: str) -> None:
    """Move the (only) process into `phase` from the admin's list. Opening voting shows
    the election key's three shares once: the admin writes them down."""
    admin.goto("/admin/processes")
    admin.locator("a", has_text=f"进入「{phase}」").click()
    # Issue 17 item 8: a phase change asks first, saying what will happen.
    expect_text(admin, "h1", f"确认进入「{phase}」阶段")
    journey.shot(admin, f"admin-confirm-{phase}")
    admin.locator("main button", has_text=f"确认进入「{phase}」").click()
    if phase == "投票":
        expect_text(admin, "h1", "选举密钥片段")
        journey.shot(admin, "admin-election-shares")
        _shares[id(journey)] = [c.strip() for c in admin.locator(".share-code").all_inner_texts()]
        assert len(_shares[id(journey)]) == 3
        admin.locator("a", has_text="我已保存").click()
    expect_text(admin, ".badge.phase", phase)
    journey.shot(admin, f"admin-phase-{phase}")


def official_uploads_roster(journey: Journey, official: Any) -> None:
    log_in(official, OFFICIAL[1], OFFICIAL[2])
    official.goto("/desk/rosters")
    official.set_input_files("#f-file", data.upload("名册.csv", "text/csv", data.roster_csv()))
    official.locator("main form button", has_text="上传并导入").click()
    expect_text(official, "main .flash", "")
    row = official.locator("tbody tr", has_text=data.EAST_NAME)
    expect_text(row, "td.num", "3")
    journey.shot(official, "official-roster")


def sms_code(journey: Journey, mobile: str) -> str:
    """The latest code the app texted to `mobile`, read from the file gateway's JSON lines
    (the live app's YISHI_VAR_DIR/sms.jsonl), as the person reads it on the phone."""
    lines = (journey.app.var_dir / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    codes = [json.loads(line) for line in lines]
    return next(str(m["params"]["code"]) for m in reversed(codes) if m["to"] == mobile)


def resident_registers(journey: Journey, resident: Any, village: str) -> None:
    """Number → 获取验证码 → the code from the SMS, the details, the privacy consent."""
    r = data.RESIDENT
    resident.goto("/")
    journey.shot(resident, "resident-home")
    resident.locator("a", has_text="注册").first.click()
    resident.fill("#f-mobile", r.mobile)
    resident.locator("main button", has_text="获取验证码").click()
    expect_text(resident, "main .flash", "验证码已发送")
    resident.fill("#f-code", sms_code(journey, r.mobile))
    resident.fill("#f-name", r.name)
    resident.select_option("#f-home_area", label=village)
    resident.fill("#f-password", r.password)
    resident.fill("#f-password2", r.password + "x")  # a slip: the form comes back, kept
    with journey.expect_refusal(400, "/register"):
        resident.locator("main button", has_text="注册").click()
        expect_text(resident, "#e-password2", "不一致")
    journey.shot(resident, "resident-register-mistake")
    resident.fill("#f-password", r.password)
    resident.fill("#f-password2", r.password)
    resident.check("#f-agree")
    resident.locator("main button", has_text="注册").click()
    resident.wait_for_url(re.compile(r"/me$"))
    expect_text(resident, "main", "已验证")


def resident_registers_and_verifies(journey: Journey, resident: Any) -> None:
    r = data.RESIDENT
    resident_registers(journey, resident, f"{data.STREET_NAME} · {data.EAST_NAME}")
    resident.goto("/verify")
    resident.fill("#f-name", r.name)
    resident.fill("#f-id_number", r.id_number)
    resident.select_option("#f-area", label=f"{data.STREET_NAME} · {data.EAST_NAME}")
    resident.check("#f-id_consent")
    resident.locator("main button", has_text="核验").click()
    expect_text(resident, "#verification-status", "已核验")
    journey.shot(resident, "resident-verified")


def resident_proposes(journey: Journey, resident: Any) -> str:
    """Writes the road proposal in the resident's own words ("8万"), with a photo; a missing
    title sends the form back, the photo survives it; then submits and comments."""
    resident.goto("/processes")
    resident.locator("a", has_text=PROCESS_NAME).first.click()
    resident.locator("a", has_text="我要提项目").click()
    for cadres in ("#f-meeting_eligible", "#f-requested_subsidy", "#f-villager_funds"):
        assert resident.locator(cadres).count() == 0, f"{cadres} asked of a resident"
    fill_proposal(resident, "", "road", total="8万")
    resident.set_input_files(
        "#f-files", data.upload("路面.jpg", "image/jpeg", data.village_photo())
    )
    journey.shot(resident, "resident-proposal-form")
    propose = urlsplit(resident.url).path
    with journey.expect_refusal(400, propose):
        resident.locator("button[value=submit]").click()
        expect_text(resident, ".flash-error", "已选的 1 个文件也已保存")
    expect_text(resident, ".held-files", "路面.jpg")
    assert resident.locator(".held-files input[name=pending]").is_checked()
    assert resident.input_value("#f-total_cost") == "8万"  # kept as typed
    journey.shot(resident, "resident-proposal-photo-kept")
    resident.fill("#f-title", ROAD)
    resident.locator("button[value=submit]").click()
    resident.wait_for_url(re.compile(r"/proposals/\d+$"))
    expect_text(resident, "h1", ROAD)
    expect_text(resident, "main", "¥80,000.00")  # "8万", read exactly
    photo = resident.locator(".photos img").first
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "photo not shown"
    journey.shot(resident, "resident-proposal-submitted")
    resident.locator("label.stance-choice", has_text="支持").click()
    resident.fill("textarea[name=body]", "路修好了，孩子们上学就不用踩泥了。")
    with without_reload(resident):
        resident.locator("form.comment-form button", has_text="发表").click()
        expect_text(resident, ".comment-list", "孩子们上学")
    journey.shot(resident, "resident-commented")
    return str(resident.url)


def fill_proposal(
    page: Any, title: str, category: str, *, total: str, village: str | None = None
) -> None:
    """The resident's form: what, where, why, roughly how much (as people write it)."""
    if village:
        page.select_option("#f-area", label=village)
    page.fill("#f-title", title)
    page.select_option("#f-category", category)
    page.fill("#f-location", "村东头至小学门口")
    page.fill("#f-summary", f"{title or '修路'}，方便群众出行。")
    page.fill("#f-body", "现状：道路坑洼，雨天积水。\n做好后全村出行方便。")
    page.fill("#f-total_cost", total)


def fill_figures(row: Any, *, villagers: str, donations: str, subsidy: str) -> None:
    """The cadre's 一事一议 figures on a review row, from the village meeting's minutes."""
    row.locator("input[name=requested_subsidy]").fill(subsidy)
    row.locator("input[name=villager_funds]").fill(villagers)
    row.locator("input[name=donations]").fill(donations)
    row.locator("input[name=labour_days]").fill("50")
    row.locator("input[name=meeting_date]").fill("2027-03-01")
    row.locator("input[name=meeting_eligible]").fill("600")
    row.locator("input[name=meeting_present]").fill("420")
    row.locator("input[name=meeting_in_favour]").fill("390")


def official_proposes_and_reviews(journey: Journey, official: Any) -> None:
    """The official writes the second proposal for a village, then accepts both (htmx),
    adding the money split and the meeting record each needs."""
    official.goto("/processes")
    official.locator("a", has_text=PROCESS_NAME).first.click()
    official.locator("a", has_text="我要提项目").click()
    fill_proposal(official, LIGHTS, "lighting", total="12万元", village=data.WEST_NAME)
    official.locator("button[value=submit]").click()
    official.wait_for_url(re.compile(r"/proposals/\d+$"))
    official.goto("/desk/proposals")
    # Issue 17 item 7: the reviewer sees the resident's photo in the row, inside its card.
    thumb = official.locator("article.review-row", has_text=ROAD).locator(".review-photos img")
    assert thumb.first.evaluate("img => img.complete && img.naturalWidth > 0"), "no photo"
    journey.shot(official, "official-review-queue")
    for title, cost, villagers, donations, subsidy in (
        (ROAD, "80000", "20000", "5000", "55000"),
        (LIGHTS, "120000", "15000", "5000", "100000"),
    ):
        row = official.locator("article.review-row", has_text=title)
        row.locator("input[name=reviewed_cost]").fill(cost)
        fill_figures(row, villagers=villagers, donations=donations, subsidy=subsidy)
        row.locator("textarea[name=official_answer]").fill("经现场踏勘，方案可行，列入投票。")
        with without_reload(official):
            row.locator("button[value=accept]").click()
            expect_text(official.locator("article.review-row", has_text=title), ".flash", "已保存")
    journey.shot(official, "official-accepted")


def resident_votes(journey: Journey, resident: Any, process_url: str) -> str:
    """Ticks projects watching the htmx budget meter, reviews, casts; returns the receipt."""
    resident.goto(process_url)
    resident.locator("a", has_text="去投票").click()
    resident.wait_for_url(re.compile(r"/vote/\d+$"))  # one box: straight to the ballot
    meter = resident.locator("#meter")
    rules = resident.locator(".ballot-rules")  # told before anything can be broken
    expect_text(resident, ".ballot-rules", "预算 ¥150,000.00：所选项目的费用加起来不能超过它")
    assert rules.bounding_box()["y"] < resident.locator(".ballot-list").bounding_box()["y"]
    expect_text(resident, ".sealed-note", "包括您自己在内，谁都看不到它的内容")
    expect_text(resident, "#meter", "¥0.00")
    journey.shot(resident, "resident-ballot-rules")
    with without_reload(resident):
        resident.locator("label", has_text=ROAD).click()
        expect_text(resident, "#meter", "还可用 ¥95,000.00")
    journey.shot(resident, "resident-ballot-one", full_page=False)
    meter_box, list_box = meter.bounding_box(), resident.locator(".ballot-list").bounding_box()
    assert meter_box and list_box and meter_box["width"] >= 0.95 * list_box["width"], (
        f"the meter ({meter_box}) is narrower than the ballot ({list_box})"
    )
    resident.locator("label", has_text=LIGHTS).click()
    expect_text(resident, "#meter", "已超出 ¥5,000.00，请减少选择")
    expect_text(resident, "#meter", "预算 ¥150,000.00")
    assert "-¥" not in meter.inner_text() and "剩余" not in meter.inner_text()
    expect_text(resident, "#meter .error", "已超出 ¥5,000.00（预算 ¥150,000.00）")
    journey.shot(resident, "resident-ballot-over-budget", full_page=False)
    review = urlsplit(resident.url).path + "/review"
    with journey.expect_refusal(400, review):  # the server enforces the budget too
        meter.locator("button", has_text="下一步").click()
        expect_text(resident, ".flash-error", "已超出 ¥5,000.00（预算 ¥150,000.00），请减少选择")
    assert resident.locator(f"#{_checkbox_for(resident, LIGHTS)}").is_checked()  # kept
    journey.shot(resident, "resident-ballot-refused", full_page=False)
    resident.locator("label", has_text=LIGHTS).click()
    expect_text(resident, "#meter", "还可用 ¥95,000.00")
    assert meter.locator(".error").count() == 0
    _footer_not_under_the_meter(resident)
    meter.locator("button", has_text="下一步").click()
    expect_text(resident, "h1", "核对选票")
    expect_text(resident, ".review-list", ROAD)
    journey.shot(resident, "resident-ballot-review")
    resident.locator("button", has_text="确认投票").click()
    code = resident.locator("#receipt-code")
    expect_text(resident, "h1", "投票成功")
    receipt = code.inner_text().strip()
    assert len(receipt) >= 8, receipt
    expect_text(resident, ".sealed-note", "包括您自己在内，谁都看不到它的内容")
    journey.shot(resident, "resident-receipt")
    return receipt


def _checkbox_for(page: Any, title: str) -> str:
    return str(page.locator("label", has_text=title).get_attribute("for"))


def _footer_not_under_the_meter(page: Any) -> None:
    """At the end of the ballot the fixed meter leaves the footer's language switch free."""
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    on_top = page.evaluate("""() => {
        const link = document.querySelector('.footer .langs a');
        const box = link.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === link;
    }""")
    assert on_top, "the budget meter covers the footer's language switch"


def admin_closes_and_tallies(journey: Journey, admin: Any) -> None:
    advance(journey, admin, "计票")
    admin.locator("a", has_text="开箱").first.click()  # two committee members' shares
    shares = _shares[id(journey)]
    admin.fill("#f-share-1", shares[0])
    admin.fill("#f-share-3", shares[2])
    journey.shot(admin, "admin-opening")
    admin.locator("main button", has_text="开箱").click()
    expect_text(admin, ".badge.phase", "计票")
    admin.locator("a[href$='/tally']").first.click()
    expect_text(admin, "h1", "确认计票")
    expect_text(admin, ".stats", "票箱中的选票")
    journey.shot(admin, "admin-confirm-tally")
    admin.locator("main button", has_text="确认计票").click()
    admin.wait_for_url(re.compile(r"/admin/jobs/\d+$"))  # the worker counts, not the page
    journey.shot(admin, "admin-tally-job")
    # The status block refreshes itself (htmx) until the in-app worker has counted.
    admin.locator("#job-status a", has_text="查看结果").click(timeout=30_000)
    admin.wait_for_url(re.compile(r"/processes/\d+/results$"))
    journey.shot(admin, "admin-tallied")


def public_sees_results(journey: Journey, visitor: Any, process_url: str) -> None:
    visitor.goto(process_url)
    visitor.locator("a", has_text="计票结果").click()
    expect_text(visitor, ".won", ROAD)
    expect_text(visitor, "li:not(.won)", LIGHTS)
    charts = visitor.locator(".charts figure svg")
    assert charts.count() >= 2, "the results page shows no SVG charts"
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 30, f"chart {index} is {box}"
    journey.shot(visitor, "public-results")


def objection_answered_with_outcome(
    journey: Journey, admin: Any, resident: Any, official: Any, process_url: str
) -> None:
    """Issue 17 item 7: in 公示 the resident objects; the official, on the desk (at phone
    size too), sees who filed it to call back and answers with an outcome; the public page
    shows the outcome and never the filer."""
    advance(journey, admin, "公示")
    resident.goto(f"{process_url}/objections")
    resident.select_option("#f-proposal", label=f"{data.EAST_NAME} · {ROAD}")
    resident.fill("#f-reason", "村民会议记录里的到会人数和签到表对不上，请核实。")
    resident.locator("main button", has_text="提交异议").click()
    expect_text(resident, "main .flash", "异议已提交")
    official.goto("/desk/objections")
    card = official.locator("article.objection", has_text="签到表对不上")
    expect_text(card, ".filer", data.RESIDENT.name)
    expect_text(card, ".filer", data.RESIDENT.mobile)
    card.locator("label", has_text="部分成立").click()
    card.locator("textarea[name=answer]").fill("到会人数有一处笔误，已更正；决议有效。")
    journey.shot(official, "official-objection-desk")
    card.locator("button", has_text="发布答复").click()
    expect_text(official, "main .flash", "（部分成立）")
    public = journey.person("public")
    public.goto(f"{process_url}/objections")
    expect_text(public, ".answer", "处理结果：部分成立")
    assert data.RESIDENT.mobile not in public.content()
    journey.shot(public, "public-objection-outcome")
