"""Admins export the audit log as CSV or XLSX, filtered like the page; the export is itself
audited; a log too long for one file is refused with a message, not cut short."""

from __future__ import annotations

import datetime as dt
import io
import time

import httpx
import pandas as pd
import pytest
from openpyxl import load_workbook
from support import login, make_user

from core.auditlog import exports
from core.clock import CHINA
from core.exports import MEDIA
from core.models import Area, AuditEntry, Role

MANY = 3_000


async def _admin(client: httpx.AsyncClient) -> None:
    await make_user("13800000001", Role.ADMIN, name="王管理")
    await login(client, "13800000001")


async def _seed(count: int = MANY) -> None:
    """`count` entries over three days (1–3 March 2027, China time), two actors, two actions."""
    base = dt.datetime(2027, 3, 1, 9, 0, tzinfo=CHINA)
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                created_at=base + dt.timedelta(days=n % 3, seconds=n),
                actor_name="李干部（13800000002）" if n % 2 else "系统",
                action="proposal.review" if n % 2 else "area.update",
                target_type="proposal",
                target_id=str(n),
                summary=f"第{n}条",
                before={"status": "submitted"} if n % 2 else None,
                after={"n": n},
            )
            for n in range(count)
        ],
        batch_size=500,
    )


def _csv(response: httpx.Response) -> pd.DataFrame:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return pd.read_csv(
        io.BytesIO(response.content), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


@pytest.mark.parametrize("persona", ["anonymous", "resident", "official", "finance"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
async def test_only_admins_export(
    client: httpx.AsyncClient, areas: dict[str, Area], persona: str, kind: str
) -> None:
    await _seed(5)
    if persona != "anonymous":
        await make_user("13900000010", Role(persona), scope=areas["370104013000"])
        await login(client, "13900000010")
    response = await client.get(f"/admin/audit.{kind}")
    if persona == "anonymous":
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    else:
        assert response.status_code == 403 and "第1条" not in response.text
    assert not await AuditEntry.filter(action="audit.export").exists()


async def test_csv_export_of_thousands_with_filters(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await _seed()
    await _admin(client)
    started = time.perf_counter()
    everything = _csv(await client.get("/admin/audit.csv"))
    elapsed = time.perf_counter() - started
    assert len(everything) == MANY, elapsed
    assert list(everything.columns) == [
        "编号",
        "时间",
        "操作人",
        "操作",
        "对象类型",
        "对象编号",
        "说明",
        "变更",
        "IP 地址",
        "操作代码",
        "之前（原始记录）",
        "之后（原始记录）",
    ]
    assert list(everything["说明"][:2]) == [f"第{MANY - 1}条", f"第{MANY - 2}条"]  # newest first
    assert everything["时间"].iloc[-1] == "2027-03-01 09:00:00"  # China time
    assert everything["之后（原始记录）"].iloc[-1] == '{"n": 0}'
    reviews = _csv(await client.get("/admin/audit.csv?action=proposal.&actor=李干部"))
    assert len(reviews) == MANY // 2 and set(reviews["操作代码"]) == {"proposal.review"}
    assert set(reviews["操作"]) == {"审核提案"}
    one_day = _csv(await client.get("/admin/audit.csv?since=2027-03-02&until=2027-03-02"))
    assert len(one_day) == MANY // 3
    assert set(one_day["时间"].str[:10]) == {"2027-03-02"}
    nobody = _csv(await client.get("/admin/audit.csv?actor=没有这个人"))
    assert len(nobody) == 0


async def test_xlsx_export_reads_back(client: httpx.AsyncClient, clean_db: str) -> None:
    await _seed()
    await _admin(client)
    response = await client.get("/admin/audit.xlsx?since=2027-03-03")
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA["xlsx"]
    assert response.headers["content-disposition"].startswith('attachment; filename="audit-')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["审计日志"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "时间", "操作人", "操作")
    assert len(rows) == 1 + MANY // 3
    assert rows[1][1] == dt.datetime(2027, 3, 3, 9, 49, 59)  # entry 2999: day 3, +2999 s
    assert sheet.freeze_panes == "A2"
    assert {r[3] for r in rows[1:]} == {"审核提案", "修改区域"}
    assert {r[9] for r in rows[1:]} == {"proposal.review", "area.update"}


async def test_exporting_is_audited_and_not_in_its_own_file(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await _seed(10)
    await _admin(client)
    first = _csv(await client.get("/admin/audit.csv?action=area."))
    assert len(first) == 5
    entry = await AuditEntry.get(action="audit.export")
    assert entry.actor_name == "王管理（13800000001）"
    assert entry.after == {"action": "area.", "actor": "", "since": "", "until": "", "rows": 5}
    assert "CSV" in entry.summary
    again = _csv(await client.get("/admin/audit.csv"))
    assert len(again) == 11 and "audit.export" in set(again["操作代码"])  # the first export only
    await client.get("/admin/audit.xlsx")
    assert await AuditEntry.filter(action="audit.export").count() == 3


async def test_too_many_entries_are_refused_with_a_message(
    client: httpx.AsyncClient, clean_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seed(30)
    await _admin(client)
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 20)
    refused = await client.get("/admin/audit.xlsx?since=2027-03-01")  # all 30
    assert refused.status_code == 303
    assert refused.headers["location"] == "/admin/audit?action=&actor=&since=2027-03-01&until="
    page = await client.get(refused.headers["location"])
    assert "超过单次导出上限" in page.text
    assert not await AuditEntry.filter(action="audit.export").exists()
    narrower = await client.get("/admin/audit.xlsx?actor=系统")  # 15 entries: fits
    assert narrower.status_code == 200


async def test_formulas_in_the_log_stay_text(client: httpx.AsyncClient, clean_db: str) -> None:
    await AuditEntry.create(
        actor_name='=HYPERLINK("http://x")',
        action="area.update",
        target_type="area",
        target_id="1",
        summary="+1+cmd|' /C calc'!A0",
    )
    await _admin(client)
    table = _csv(await client.get("/admin/audit.csv"))
    assert table["操作人"][0] == '\'=HYPERLINK("http://x")'
    assert table["说明"][0].startswith("'+1")
    book = load_workbook(io.BytesIO((await client.get("/admin/audit.xlsx")).content))
    sheet = book["审计日志"]
    cell = sheet.cell(row=sheet.max_row, column=3)  # the oldest: below the CSV export's entry
    assert cell.data_type == "s" and cell.value.startswith("'=")


async def test_the_page_offers_exports_with_its_filters(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await _seed(3)
    await _admin(client)
    page = await client.get("/admin/audit?action=area.&actor=系统&since=2027-03-01&until=")
    query = "action=area.&amp;actor=%E7%B3%BB%E7%BB%9F&amp;since=2027-03-01&amp;until="
    assert f'href="/admin/audit.csv?{query}"' in page.text
    assert f'href="/admin/audit.xlsx?{query}"' in page.text
