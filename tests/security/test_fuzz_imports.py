"""Area and roster imports fed hostile files: garbage, every encoding, broken and bomb XLSX,
path-like names, formula cells. A file is imported whole or refused whole with a clear
message; never a 500, never half a file.

Encodings: UTF-8 (with or without BOM), GBK and GB18030 import; UTF-16 and UTF-32 are
refused (they read as text full of NUL); a Latin-1 file is refused unless its bytes also
happen to be valid UTF-8 or GB18030, in which case it is read as such (mojibake that no
program can tell from a real GBK file; clerks' files are UTF-8 or GBK).

Formula injection: imports keep text as typed (a name "=HYPERLINK(…)" is just a name and is
HTML-escaped on pages); the consultation exports (CSV and XLSX, staff and public) neutralise
every cell that Excel would run, with a leading apostrophe, and write no formula cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import httpx
import openpyxl
import pandas as pd
import pytest
from consult_factories import make_opinion, make_topic
from hypothesis import given
from hypothesis import strategies as st
from security.hostile import FEW, FUZZ, QUIET_REPR, assert_not_crashed, token_of
from support import login, make_user

from consult import exports
from core.models import Area, AuditEntry, Role
from core.tabular import XLSX_UNPACKED_MAX
from residents import idcard
from residents.models import RosterEntry

pytestmark = QUIET_REPR
STREET, VILLAGE = "370104013000", "370104013201"
AREA_HEADER = ["代码", "名称", "类型", "上级代码"]
ROSTER_HEADER = ["姓名", "身份证号", "村/社区代码", "出生日期"]
FORMULAS = [
    '=HYPERLINK("http://evil.example","点我")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FILENAMES = [
    "areas.csv",
    "区域.xlsx",
    "../../etc/passwd",
    "..\\..\\x.csv",
    "/etc/shadow",
    "C:\\Windows\\x.xlsx",
    "a\x00b.csv",
    "a" * 300 + ".csv",
    "<script>.csv",
    "x.xls",
    "名册.CSV",
    "",
    " ",
    ".csv",
]


def csv_of(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def xlsx_of(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
async def admin(client: httpx.AsyncClient, areas: dict[str, Area]) -> str:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return await token_of(client)


async def _import_areas(
    client: httpx.AsyncClient, token: str, name: str, data: bytes
) -> httpx.Response:
    return await client.post(
        "/admin/areas/import",
        data={"csrf_token": token},
        files={"file": (name, data, "application/octet-stream")},
    )


async def _area_snapshot() -> list[tuple[object, ...]]:
    return sorted(await Area.all().values_list("code", "name", "kind", "path", "population"))


def _refused_clearly(response: httpx.Response) -> None:
    assert_not_crashed(response)
    assert response.status_code == 400, response.status_code
    assert "Traceback" not in response.text
    assert any(word in response.text for word in ("文件", "第 ", "请选择")), response.text[:400]


# ------------------------------------------------------------------ areas: garbage


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=300).map(lambda b: "代码,名称,类型\n".encode() + b),
    ),
    name=st.one_of(st.sampled_from(FILENAMES), st.text(max_size=40)),
)
async def test_area_import_of_garbage_is_refused_whole(
    client: httpx.AsyncClient, admin: str, data: bytes, name: str
) -> None:
    before = await _area_snapshot()
    response = await _import_areas(client, admin, name, data)
    assert_not_crashed(response)
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        assert await _area_snapshot() == before


# ------------------------------------------------------------------ areas: encodings

SAFE = ("Cs", "Cc", "Cn", "Co", "Zl", "Zp")  # no control, line-break or unassigned chars


def names_in(codec: str) -> st.SearchStrategy[list[str]]:
    name = st.text(
        st.characters(codec=codec, exclude_categories=SAFE), min_size=1, max_size=20
    ).filter(lambda s: s.strip() != "")
    return st.lists(name, min_size=1, max_size=4, unique_by=str.strip)


@FUZZ
@given(
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
async def test_area_import_in_utf8_and_gbk_keeps_every_name(
    client: httpx.AsyncClient, admin: str, data: st.DataObject, encoding: str, newline: str
) -> None:
    names = data.draw(names_in("gbk" if encoding == "gbk" else "utf-8"))
    rows = [[f"3701040132{40 + i}", name, "村", STREET] for i, name in enumerate(names)]
    text = csv_of([AREA_HEADER, *rows]).replace("\n", newline)
    response = await _import_areas(client, admin, f"区域.{encoding}.csv", text.encode(encoding))
    assert_not_crashed(response)
    assert response.status_code == 303, response.text[:500]
    stored = dict(await Area.filter(code__in=[r[0] for r in rows]).values_list("code", "name"))
    assert stored == {row[0]: row[1].strip() for row in rows}
    await Area.filter(code__in=[r[0] for r in rows]).delete()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
async def test_utf16_and_utf32_files_are_refused_clearly(
    client: httpx.AsyncClient, admin: str, encoding: str
) -> None:
    data = csv_of([AREA_HEADER, ["370104013240", "新村", "村", STREET]]).encode(encoding)
    before = await _area_snapshot()
    response = await _import_areas(client, admin, "区域.csv", data)
    _refused_clearly(response)
    assert "NUL" in response.text or "编码" in response.text
    assert await _area_snapshot() == before


@FEW
@given(name=st.text(st.characters(codec="latin-1", min_codepoint=0xA0), min_size=1, max_size=12))
async def test_latin1_files_are_refused_or_read_as_utf8_or_gb18030(
    client: httpx.AsyncClient, admin: str, name: str
) -> None:
    """Latin-1 is not one of the encodings a clerk's file comes in: its bytes are read as
    UTF-8 or GB18030 when they happen to be valid there, and refused clearly otherwise."""
    header = ["code", "name", "kind", "parent_code"]
    data = csv_of([header, ["370104013240", name, "village", STREET]]).encode("latin-1")
    response = await _import_areas(client, admin, "areas.csv", data)
    assert_not_crashed(response)
    read_as = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            read_as = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if read_as is None:
        _refused_clearly(response)
        assert "无法识别文件编码" in response.text
        return
    assert response.status_code in (303, 400)  # what that reading makes of it, checked as usual
    if response.status_code == 303:
        stored = await Area.get(code="370104013240")
        assert stored.name in read_as
        await stored.delete()


# ------------------------------------------------------------------ areas: XLSX


@pytest.fixture
def good_xlsx() -> bytes:
    return xlsx_of(
        [
            AREA_HEADER,
            ["370104013240", "新村", "村", STREET],
            ["370104013241", "后村", "村", STREET],
        ]
    )


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10_000))
async def test_truncated_xlsx_is_refused_whole(
    client: httpx.AsyncClient, admin: str, good_xlsx: bytes, cut: int
) -> None:
    data = good_xlsx[: cut % len(good_xlsx)]
    before = await _area_snapshot()
    response = await _import_areas(client, admin, "区域.xlsx", data)
    _refused_clearly(response)
    assert await _area_snapshot() == before


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8)
)
async def test_corrupted_xlsx_is_imported_whole_or_refused_whole(
    client: httpx.AsyncClient, admin: str, good_xlsx: bytes, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(good_xlsx)
    for at, value in flips:
        data[at % len(data)] = value
    before = await _area_snapshot()
    response = await _import_areas(client, admin, "区域.xlsx", bytes(data))
    assert_not_crashed(response)
    assert response.status_code in (303, 400)
    after = await _area_snapshot()
    if response.status_code == 400:
        assert after == before
    else:
        assert len(after) - len(before) in (0, 1, 2)
        await Area.filter(code__in=["370104013240", "370104013241"]).delete()


def xlsx_bomb(good: bytes, unpacked: int) -> bytes:
    """A real workbook whose sheet unpacks to `unpacked` bytes of rows (a few MB zipped)."""
    row = b'<row><c t="inlineStr"><is><t>370104013240</t></is></c></row>' * 1000
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item))
                continue
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData>'
                )
                for _ in range(unpacked // len(row) + 1):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


async def test_xlsx_zip_bomb_is_refused_before_it_is_unpacked(
    client: httpx.AsyncClient, admin: str, good_xlsx: bytes
) -> None:
    bomb = xlsx_bomb(good_xlsx, XLSX_UNPACKED_MAX + 1024 * 1024)
    assert len(bomb) < 5 * 1024 * 1024  # small enough to upload
    response = await _import_areas(client, admin, "区域.xlsx", bomb)
    _refused_clearly(response)
    assert "解压后过大" in response.text


# ------------------------------------------------------------------ audit of the file name


async def test_file_names_reach_the_audit_log_as_harmless_text(
    client: httpx.AsyncClient, admin: str
) -> None:
    data = csv_of([AREA_HEADER, ["370104013240", "新村", "村", STREET]]).encode()
    for name in [n for n in FILENAMES if n.strip()]:
        response = await _import_areas(client, admin, name, data)
        assert_not_crashed(response)
        if name.lower().endswith((".xlsx", ".xls")):  # CSV bytes under an Excel name
            _refused_clearly(response)
            assert "无法识别的 Excel 文件" in response.text
            continue
        assert response.status_code == 303, (name, response.text[:300])
        entry = await AuditEntry.filter(action="area.import").order_by("-id").first()
        assert entry is not None
        for text in (entry.target_id, entry.summary):
            assert "/" not in text.split("导入区域表")[-1] and "\\" not in text, (name, text)
            assert "\x00" not in text and len(text) <= 255
        assert len(entry.target_id) <= 64
    page = await client.get("/admin/audit")
    assert page.status_code == 200 and "<script>.csv" not in page.text


# ------------------------------------------------------------------ rosters


@pytest.fixture
async def official(client: httpx.AsyncClient, areas: dict[str, Area]) -> tuple[str, Area]:
    await make_user("13800000002", Role.OFFICIAL, scope=areas[STREET])
    await login(client, "13800000002")
    return await token_of(client), areas[STREET]


async def _upload_roster(
    client: httpx.AsyncClient, token: str, scope: Area, name: str, data: bytes
) -> httpx.Response:
    return await client.post(
        "/desk/rosters",
        data={"csrf_token": token, "scope": str(scope.id)},
        files={"file": (name, data, "application/octet-stream")},
    )


def _person(seq: int, name: str = "") -> list[str]:
    born = dt.date(1980, 3, 1)
    return [
        name or f"居民{seq}",
        idcard.make_number("370104", born, seq),
        VILLAGE,
        born.isoformat(),
    ]


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=500).map(lambda b: ",".join(ROSTER_HEADER).encode() + b"\n" + b),
    ),
    name=st.sampled_from(FILENAMES),
)
async def test_roster_import_of_garbage_is_refused_whole(
    client: httpx.AsyncClient, official: tuple[str, Area], data: bytes, name: str
) -> None:
    token, scope = official
    before = await RosterEntry.all().count()
    response = await _upload_roster(client, token, scope, name or "x.csv", data)
    assert_not_crashed(response)
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        assert await RosterEntry.all().count() == before


@FEW
@given(data=st.data(), encoding=st.sampled_from(["utf-8-sig", "gbk", "xlsx"]))
async def test_roster_names_arrive_as_typed_in_every_accepted_format(
    client: httpx.AsyncClient, official: tuple[str, Area], data: st.DataObject, encoding: str
) -> None:
    token, scope = official
    names = data.draw(names_in("gbk" if encoding == "gbk" else "utf-8"))
    rows = [_person(i + 1, name) for i, name in enumerate(names)]
    if encoding == "xlsx":
        content = xlsx_of([ROSTER_HEADER, *rows])
    else:
        content = csv_of([ROSTER_HEADER, *rows]).encode(encoding)
    response = await _upload_roster(client, token, scope, f"名册.{encoding}", content)
    assert_not_crashed(response)
    assert response.status_code in (303, 400)
    if response.status_code == 303:
        from residents.validation import normalise_name

        stored = sorted(await RosterEntry.all().values_list("name", flat=True))
        assert stored == sorted(normalise_name(n) for n in names)
    else:  # a name that is only spaces once normalised, or too long: said so, row by row
        assert "第 " in response.text


async def test_roster_xlsx_bomb_is_refused(
    client: httpx.AsyncClient, official: tuple[str, Area]
) -> None:
    token, scope = official
    good = xlsx_of([ROSTER_HEADER, _person(1)])
    response = await _upload_roster(
        client, token, scope, "名册.xlsx", xlsx_bomb(good, XLSX_UNPACKED_MAX + 1024 * 1024)
    )
    _refused_clearly(response)
    assert await RosterEntry.all().count() == 0


# ------------------------------------------------------------------ formula injection


@FUZZ
@given(
    cells=st.lists(
        st.one_of(st.sampled_from(FORMULAS), st.text(max_size=30)), min_size=1, max_size=6
    ),
    public=st.booleans(),
)
def test_exports_neutralise_every_formula_cell(cells: list[str], public: bool) -> None:
    rows = [
        {"id": i, "name": cell, "body": cell, "place": cell, "mobile": cell}
        for i, cell in enumerate(cells)
    ]
    table = exports.frame(rows, exports.opinion_columns(), public=public)
    back = pd.read_csv(
        io.BytesIO(exports.to_csv(table)), dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    for column in back.columns:
        for value in back[column]:
            assert not value.startswith(FORMULA_START), (column, value)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx({"意见": table})))
    for row in book.active.iter_rows():  # type: ignore[union-attr]
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not str(cell.value or "").startswith(FORMULA_START), cell.value


async def test_formula_names_from_an_import_are_defused_in_the_exports(
    client: httpx.AsyncClient, admin: str
) -> None:
    """An area imported with a formula for a name, a resident and an opinion that are
    formulas too: every export of the consultation writes them as inert text."""
    formula = FORMULAS[0]
    data = csv_of([AREA_HEADER, ["370104013240", formula, "村", STREET]]).encode("gbk")
    response = await _import_areas(client, admin, "区域.csv", data)
    assert response.status_code == 303, response.text[:300]
    village = await Area.get(code="370104013240")
    assert village.name == formula  # kept as typed: it is text
    page = await client.get("/admin/areas")
    assert formula not in page.text and "=HYPERLINK(&#34;" in page.text
    resident = await make_user("13900000031", Role.RESIDENT, home=village, name="=1+2")
    street = await Area.get(code=STREET)
    topic = await make_topic(street)
    await make_opinion(topic, resident, body="@SUM(1+1)*cmd|' /C calc'!A0")
    for path in (
        f"/desk/consult/{topic.id}/export/opinions.csv",
        f"/consult/topics/{topic.id}/export/opinions.csv",
    ):
        export = await client.get(path)
        assert export.status_code == 200
        table = pd.read_csv(
            io.BytesIO(export.content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        cells = [v for column in table.columns for v in table[column]]
        assert any(v == "'" + formula for v in cells), cells
        assert not any(v.startswith(FORMULA_START) for v in cells), cells
    for path in (
        f"/desk/consult/{topic.id}/export.xlsx",
        f"/consult/topics/{topic.id}/export.xlsx",
    ):
        export = await client.get(path)
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    assert not str(cell.value or "").startswith(FORMULA_START), cell.value
