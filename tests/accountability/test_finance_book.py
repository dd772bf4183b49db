"""The finance office's award list (issue 17 item 9): one table to work through, the four
sums defined on the page, village payee accounts entered once and checked, and an XLSX that
books — SUM formulas, date cells, 12-digit codes, project numbers, the payee, widths that
fit ¥ amounts, a Chinese file name."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import httpx
import pytest
from accountability_factories import funded
from openpyxl import load_workbook
from support import login, make_user, post

from accountability.implementation.models import Spend
from accountability.payees.models import PayeeAccount
from core.clock import now, today
from core.models import Area, AuditEntry, Role
from projects.models import Process, Proposal
from votes.models import Award

VILLAGE = "370104013201"


@pytest.fixture
async def project(areas: dict[str, Area]) -> tuple[Process, Proposal, Award]:
    return await funded(areas)


async def _finance(client: httpx.AsyncClient) -> None:
    await make_user("13800000061", Role.FINANCE)
    await login(client, "13800000061")


async def _payee(client: httpx.AsyncClient, number: str, again: str) -> httpx.Response:
    return await post(
        client,
        f"/finance/payees/{VILLAGE}/edit",
        {
            "account_name": "王家村股份经济合作社",
            "bank": "农业银行槐荫支行",
            "account_number": number,
            "account_number_again": again,
        },
    )


async def test_a_payee_account_is_entered_twice_and_audited(
    client: httpx.AsyncClient, project: tuple[Process, Proposal, Award]
) -> None:
    await _finance(client)
    listing = await client.get("/finance/payees")
    assert VILLAGE in listing.text and "未登记" in listing.text
    letters = await _payee(client, "1520 01A0 0012", "1520 01A0 0012")
    assert letters.status_code == 400 and "只能是 8 到 30 位数字" in letters.text
    mismatch = await _payee(client, "1520 0104 0000 1234", "1520 0104 0000 1243")
    assert mismatch.status_code == 400 and "两次输入的账号不一致" in mismatch.text
    assert await PayeeAccount.all().count() == 0  # nothing half-saved
    saved = await _payee(client, "1520 0104-0000 1234", "15200104 00001234")
    assert saved.status_code == 303
    account = await PayeeAccount.get()
    assert account.account_number == "1520010400001234"
    entry = await AuditEntry.get(action="payee.update")
    assert entry.before is None and entry.after["bank"] == "农业银行槐荫支行"
    await _payee(client, "6228480000000000", "6228480000000000")
    changed = await AuditEntry.filter(action="payee.update").order_by("-id").first()
    assert changed is not None and changed.before["account_number"] == "1520010400001234"


async def test_only_finance_enters_payees(
    client: httpx.AsyncClient, project: tuple[Process, Proposal, Award], areas: dict[str, Area]
) -> None:
    await make_user("13800000062", Role.OFFICIAL, scope=areas[VILLAGE])
    await login(client, "13800000062")
    refused = await _payee(client, "1520010400001234", "1520010400001234")
    assert refused.status_code == 403 and await PayeeAccount.all().count() == 0


async def test_the_award_list_is_one_table_with_the_sums_defined(
    client: httpx.AsyncClient, project: tuple[Process, Proposal, Award]
) -> None:
    process, _proposal, _award = project
    await _finance(client)
    page = await client.get(f"/finance/processes/{process.id}")
    assert page.text.count('<table class="finance">') == 1
    assert (
        page.text.count('action="/finance/awards/')
        == await Award.filter(proposal__process=process).count()
    )
    for word in ("已拨付", "支出确认", "核定奖补", "计票奖补"):
        assert word in page.text
    assert "财政已转入村集体收款账户的累计金额" in page.text
    assert "经财政逐笔确认的项目实际支出合计" in page.text
    assert 'tabindex="0" role="region"' in page.text  # the scrolling region takes the keyboard


async def test_the_finance_xlsx_books(
    client: httpx.AsyncClient, project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, award = project
    await _finance(client)
    await _payee(client, "1520010400001234567", "1520010400001234567")
    await post(
        client,
        f"/finance/awards/{award.id}",
        {"confirmed": "290000", "disbursed": "120000", "disbursed_on": "2026-11-20"},
    )
    await Spend.create(
        proposal=proposal,
        amount_fen=20_000_000,
        spent_on=today(),
        purpose="路面",
        confirmed_at=now(),
    )
    await Spend.create(proposal=proposal, amount_fen=5_000_000, spent_on=today(), purpose="未确认")
    response = await client.get(f"/finance/processes/{process.id}/awards.xlsx")
    disposition = response.headers["content-disposition"]
    assert quote("一事一议奖补名单（财政）.xlsx", safe="") in disposition
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "吴家堡街道", "说明"]
    sheet = book["吴家堡街道"]
    header = [c.value for c in sheet[1]]
    col = {name: sheet.cell(row=1, column=i + 1).column_letter for i, name in enumerate(header)}
    assert header[:3] == ["序号", "项目编号", "项目名称"]
    assert sheet[f"{col['项目编号']}2"].value == f"{process.id:03d}-{proposal.id:05d}"
    code = sheet[f"{col['区划代码']}2"]
    assert code.value == VILLAGE and code.data_type == "s" and code.number_format == "@"
    number = sheet[f"{col['银行账号']}2"]
    assert number.value == "1520010400001234567" and number.data_type == "s"
    assert sheet[f"{col['收款户名']}2"].value == "王家村股份经济合作社"
    assert sheet[f"{col['开户银行']}2"].value == "农业银行槐荫支行"
    paid_on = sheet[f"{col['最近拨付日期']}2"]
    assert isinstance(paid_on.value, dt.datetime) and paid_on.value.date() == dt.date(2026, 11, 20)
    assert paid_on.number_format == "yyyy-mm-dd"
    assert float(sheet[f"{col['核定奖补（元）']}2"].value) == 290_000
    assert float(sheet[f"{col['支出确认（元）']}2"].value) == 200_000  # confirmed spend only
    assert float(sheet[f"{col['已拨付（元）']}2"].value) == 120_000
    last = sheet.max_row
    assert sheet[f"A{last}"].value == "小计"
    for name in (
        "总投资（元）",
        "计票奖补（元）",
        "核定奖补（元）",
        "支出确认（元）",
        "已拨付（元）",
    ):
        letter = col[name]
        assert sheet[f"{letter}{last}"].value == f"=SUM({letter}2:{letter}{last - 1})"
        assert sheet[f"{letter}2"].number_format == '"¥"#,##0.00'
        # "¥300,000.00" is 11 characters: the column must show it without ####.
        assert sheet.column_dimensions[letter].width >= 14
        assert sheet[f"{letter}1"].comment is not None
    assert sheet[f"{col['得票']}{last}"].value is None  # votes are not summed
    assert "转入村集体收款账户" in sheet[f"{col['已拨付（元）']}1"].comment.text
    summary = book["汇总"]
    assert summary["C3"].value == f"='吴家堡街道'!{col['总投资（元）']}{last}"
    assert summary["C4"].value == "=SUM(C3:C3)" and summary["A4"].value == "合计"
    assert summary.column_dimensions["C"].width >= 14
    notes = [r[0].value for r in book["说明"].iter_rows(min_row=2)]
    assert {"计票奖补（元）", "核定奖补（元）", "支出确认（元）", "已拨付（元）"} <= set(notes)
