"""Area pages and import: all-or-nothing, errors by row and column, audited."""

from __future__ import annotations

import io

import httpx
import pandas as pd
import pytest
from support import csrf, login, make_user, post

from core.models import Area, AuditEntry, Role

HEADER = "代码,名称,类型,上级代码,人口,户数\n"
GOOD = HEADER + (
    "110105000000,朝阳区,区,,3450000,1200000\n"
    "110105001000,建外街道,街道,110105000000,50000,20000\n"
    "110105001001,永安里社区,社区,110105001000,6000,2400\n"
    "110105100000,孙河镇,镇,110105000000,30000,11000\n"
    "110105100201,康营村,村,110105100000,1800,600\n"
)


@pytest.fixture
async def admin(client: httpx.AsyncClient, clean_db: str) -> httpx.AsyncClient:
    await make_user("13800000001", Role.ADMIN, name="王管理")
    await login(client, "13800000001")
    return client


async def _upload(client: httpx.AsyncClient, name: str, data: bytes) -> httpx.Response:
    token = await csrf(client)
    return await client.post(
        "/admin/areas/import", data={"csrf_token": token}, files={"file": (name, data)}
    )


async def test_import_csv_builds_the_tree(admin: httpx.AsyncClient) -> None:
    response = await _upload(admin, "areas.csv", GOOD.encode())
    assert response.status_code == 303
    village = await Area.get(code="110105100201").select_related("parent")
    assert village.parent and village.parent.code == "110105100000"
    assert village.path == "/110105000000/110105100000/110105100201/"
    assert (village.population, village.households) == (1800, 600)
    entry = await AuditEntry.get(action="area.import")
    assert entry.after == {"created": 5, "updated": 0, "rows": 5}
    assert entry.actor_name.startswith("王管理")
    listing = await admin.get("/admin/areas")
    assert "康营村" in listing.text and "导入完成：新增 5 个" in listing.text


async def test_reimport_updates_in_place(admin: httpx.AsyncClient) -> None:
    await _upload(admin, "areas.csv", GOOD.encode())
    changed = GOOD.replace("康营村,村,110105100000,1800,600", "康营村,村,110105100000,1900,610")
    response = await _upload(admin, "areas.csv", changed.encode())
    assert response.status_code == 303
    assert (await Area.get(code="110105100201")).population == 1900
    assert await Area.all().count() == 5


async def test_bad_rows_are_listed_and_nothing_is_imported(admin: httpx.AsyncClient) -> None:
    bad = HEADER + (
        "110105000000,朝阳区,区,,3450000,1200000\n"
        "11010500100,建外街道,街道,110105000000,50000,20000\n"  # row 3: 11 digits
        "110105001001,永安里社区,小区,110105001000,6000,2400\n"  # row 4: kind; parent missing
        "110105100201,康营村,村,110105000000,1800,-5\n"  # row 5: parent is a district; count
        "110105000000,重复,区,,1,1\n"  # row 6: duplicate code
    )
    response = await _upload(admin, "areas.csv", bad.encode())
    assert response.status_code == 400
    text = response.text
    assert "第 3 行「代码」：行政区划代码应为 12 位数字" in text
    assert "第 4 行「类型」" in text
    assert "第 5 行「上级代码」：上级区域的类型不对" in text
    assert "第 5 行「户数」：应为不小于 0 的整数" in text
    assert "第 6 行「代码」：代码与第 2 行重复" in text
    assert "未导入任何数据" in text
    assert await Area.all().count() == 0
    assert not await AuditEntry.filter(action="area.import").exists()


async def test_gbk_csv_from_excel_imports(admin: httpx.AsyncClient) -> None:
    response = await _upload(admin, "areas.csv", GOOD.encode("gbk"))
    assert response.status_code == 303
    assert (await Area.get(code="110105001001")).name == "永安里社区"


async def test_xlsx_imports(admin: httpx.AsyncClient) -> None:
    frame = pd.read_csv(io.StringIO(GOOD), dtype=str, keep_default_na=False)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    response = await _upload(admin, "areas.xlsx", buffer.getvalue())
    assert response.status_code == 303
    assert await Area.all().count() == 5


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("areas.csv", b"", "文件是空的"),
        ("areas.xlsx", b"not a workbook", "无法识别的 Excel 文件"),
        ("areas.xlsx", b"PK\x03\x04broken", "Excel 文件已损坏"),
        ("areas.csv", b"\xff\xfe\x00\x00\x81", "无法识别文件编码"),
        ("areas.csv", "名称\n村\n".encode(), "缺少必需的列"),
        ("areas.csv", HEADER.encode(), "文件中没有数据行"),
    ],
)
async def test_unreadable_files_are_refused_clearly(
    admin: httpx.AsyncClient, name: str, data: bytes, message: str
) -> None:
    response = await _upload(admin, name, data)
    assert response.status_code == 400
    assert message in response.text
    assert await Area.all().count() == 0


async def test_create_and_edit_an_area_is_audited(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await post(
        admin,
        "/admin/areas/new",
        {
            "code": "370104013204",
            "name": "新庄村",
            "kind": "village",
            "parent": "370104013000",
            "population": "800",
            "households": "260",
        },
    )
    assert response.status_code == 303
    area = await Area.get(code="370104013204")
    assert area.path == "/370104000000/370104013000/370104013204/"
    response = await post(
        admin,
        "/admin/areas/370104013204/edit",
        {"name": "新庄村", "population": "820", "households": "265"},
    )
    assert response.status_code == 303
    update = await AuditEntry.get(action="area.update")
    assert update.before["population"] == 800 and update.after["population"] == 820
    assert await AuditEntry.filter(action="area.create", target_id="370104013204").exists()


async def test_area_form_errors_keep_input(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await post(
        admin,
        "/admin/areas/new",
        {
            "code": "3701",
            "name": "新庄村",
            "kind": "village",
            "parent": "370104000000",
            "population": "10",
            "households": "20",
        },
    )
    assert response.status_code == 400
    assert "行政区划代码应为 12 位数字" in response.text
    assert "户数不能多于人口" in response.text
    assert 'value="新庄村"' in response.text
    response = await post(
        admin,
        "/admin/areas/new",
        {
            "code": "370104013299",
            "name": "新庄村",
            "kind": "village",
            "parent": "370104000000",
            "population": "10",
            "households": "2",
        },
    )
    assert response.status_code == 400 and "上级区域不存在或类型不对" in response.text
    assert not await Area.filter(code="370104013299").exists()
