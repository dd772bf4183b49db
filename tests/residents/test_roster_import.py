"""Roster import (居民名册): all rows good or nothing, problems by row and column, re-imports
that keep whoever has verified or voted, and ID numbers stored only as keyed hashes."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import pandas as pd
import pytest
from support import login, make_user, post, verify_resident
from tortoise import Tortoise

from core import settings
from core.models import Area, AuditEntry, Role
from residents import idcard, reading
from residents.models import RosterEntry
from residents.services import VotingUnderWay, roster_import

VILLAGE, NEIGHBOUR, FAR = "370104013201", "370104013202", "370104100201"
HEADER = ["姓名", "身份证号", "村/社区代码", "出生日期"]


def number(seq: int, born: dt.date = dt.date(1980, 3, 1)) -> str:
    return idcard.make_number("370104", born, seq)


def person(
    seq: int,
    code: str = VILLAGE,
    name: str = "",
    born: dt.date = dt.date(1980, 3, 1),
) -> list[str]:
    return [name or f"居民{seq}", number(seq, born), code, born.isoformat()]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


async def upload(
    client: httpx.AsyncClient, scope: Area, data: bytes, filename: str = "名册.csv"
) -> httpx.Response:
    return await post(
        client,
        "/desk/rosters",
        {"scope": str(scope.id)},
        files={"file": (filename, data, "application/octet-stream")},
    )


@pytest.fixture
async def official(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"], name="李秀英")
    await login(client, "13800000002")


async def test_an_official_imports_a_roster(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    rows = [person(1, name="张 桂兰"), person(2, born=dt.date(2012, 5, 6)), person(3, NEIGHBOUR)]
    response = await upload(client, areas["370104013000"], csv_bytes(rows))
    assert response.status_code == 303, response.text
    page = (await client.get("/desk/rosters")).text
    assert "名册已导入：共 3 行，新增 3 人" in page
    entries = await RosterEntry.all().select_related("area")
    assert {(e.name, e.area.code, e.birth_date) for e in entries} == {
        ("张桂兰", VILLAGE, dt.date(1980, 3, 1)),  # names compare without spaces
        ("居民2", VILLAGE, dt.date(2012, 5, 6)),
        ("居民3", NEIGHBOUR, dt.date(1980, 3, 1)),
    }
    assert (await RosterEntry.get(name="张桂兰")).id_hash == idcard.id_hash(number(1))
    audit = await AuditEntry.get(action="roster.import")
    assert audit.after["added"] == 3 and audit.actor_name.startswith("李秀英")


async def test_a_bad_file_is_refused_whole_with_row_and_column(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    scope = areas["370104013000"]
    assert (await upload(client, scope, csv_bytes([person(90)]))).status_code == 303
    bad_date = "370104" + "19800230" + "001"
    wrong_check = number(3)[:17] + ("0" if number(3)[17] != "0" else "1")
    rows = [
        person(2),
        ["居民3", wrong_check, VILLAGE, "1980-03-01"],
        ["居民4", number(4), VILLAGE, "1980-13-01"],
        ["居民5", number(5), VILLAGE, "1981-03-01"],
        ["居民6", number(6), "370104013299", "1980-03-01"],
        ["居民7", number(2), NEIGHBOUR, "1980-03-01"],  # row 2's person again
        ["", number(8), VILLAGE, "1980-03-01"],
        ["居民9", number(9)[:17], VILLAGE, "1980-03-01"],
        ["居民10", bad_date + idcard.check_digit(bad_date), VILLAGE, "1980-02-30"],
    ]
    response = await upload(client, scope, csv_bytes(rows))
    assert response.status_code == 400
    page = response.text
    for expected in (
        "第 3 行「身份证号」：身份证号校验位不对",
        "第 4 行「出生日期」：出生日期格式不对",
        "第 5 行「出生日期」：出生日期与身份证号中的出生日期不一致",
        "第 6 行「村/社区代码」：找不到代码为 370104013299 的区域",
        "第 7 行「身份证号」：身份证号与第 2 行重复",
        "第 8 行「姓名」：姓名不能为空",
        "第 9 行「身份证号」：身份证号应为 18 位",
        "第 10 行「身份证号」：身份证号中的出生日期不是有效日期",
    ):
        assert expected in page, expected
    assert "文件有 9 处问题，未导入任何数据" in page  # row 10's date column is wrong too
    assert [e.name for e in await RosterEntry.all()] == ["居民90"]  # nothing changed


async def test_a_missing_column_or_no_rows(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    data = csv_bytes([person(1)[:3]], header=HEADER[:3])
    response = await upload(client, areas["370104013000"], data)
    assert response.status_code == 400
    assert "第 1 行「出生日期」：缺少必需的列" in response.text
    response = await upload(client, areas["370104013000"], csv_bytes([]))
    assert response.status_code == 400 and "文件中没有数据行" in response.text
    assert not await RosterEntry.exists()


async def test_gbk_csv_and_other_date_forms(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    rows = [
        ["王秀英", number(1), VILLAGE, "1980/3/1"],
        ["赵建国", number(2).lower(), VILLAGE, "1980年3月1日"],
        ["刘长海", number(3), VILLAGE, "19800301"],
    ]
    response = await upload(client, areas["370104013000"], csv_bytes(rows, encoding="gbk"))
    assert response.status_code == 303, response.text
    assert sorted(e.name for e in await RosterEntry.all()) == ["刘长海", "王秀英", "赵建国"]


async def test_xlsx_with_real_date_cells(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    frame = pd.DataFrame(
        {
            "姓名": ["陈晓燕", "周德明"],
            "身份证号": [number(1), number(2)],
            "村/社区代码": [VILLAGE, NEIGHBOUR],
            "出生日期": [dt.datetime(1980, 3, 1), dt.datetime(1980, 3, 1)],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    response = await upload(client, areas["370104013000"], buffer.getvalue(), "名册.xlsx")
    assert response.status_code == 303, response.text
    assert await RosterEntry.filter(birth_date=dt.date(1980, 3, 1)).count() == 2


async def test_rows_must_be_villages_inside_the_chosen_scope(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    rows = [person(1, NEIGHBOUR), person(2, "370104013000"), person(3, FAR)]
    response = await upload(client, areas[VILLAGE], csv_bytes(rows))
    assert response.status_code == 400
    assert "第 2 行「村/社区代码」：前屯村不在所选范围「吴家堡村」内" in response.text
    assert "第 3 行「村/社区代码」：吴家堡街道不是村或社区" in response.text
    assert "第 4 行「村/社区代码」：睦里庄村不在所选范围" in response.text
    assert not await RosterEntry.exists()


async def test_an_official_cannot_import_for_another_township(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    response = await upload(client, areas["370104100000"], csv_bytes([person(1, FAR)]))
    assert response.status_code == 400 and "请选择名册所属的区域" in response.text
    assert not await RosterEntry.exists()
    page = (await client.get("/desk/rosters")).text
    assert "吴家堡村" in page and "睦里庄村" not in page  # figures of their own areas only


async def test_reimport_keeps_who_voted_or_verified(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    scope = areas[VILLAGE]
    first = [person(1), person(2), person(3), person(4), person(5, NEIGHBOUR)]
    assert (await upload(client, areas["370104013000"], csv_bytes(first))).status_code == 303
    by_name = {e.name: e for e in await RosterEntry.all()}
    await RosterEntry.filter(id=by_name["居民1"].id).update(voted=True)
    resident = await make_user(
        "13900000001", Role.RESIDENT, home=scope, name="居民2", verified=False
    )
    await RosterEntry.filter(id=by_name["居民2"].id).update(user_id=resident.id)

    again = [person(3, name="居民三"), person(6)]
    response = await upload(client, scope, csv_bytes(again))
    assert response.status_code == 303
    page = (await client.get("/desk/rosters")).text
    assert "新增 1 人，更新 1 人，未变 0 人，移出 1 人" in page
    assert "另有 2 人不在新名册中，但已核验或已投票，予以保留" in page
    after = {e.name: e for e in await RosterEntry.all()}
    assert set(after) == {"居民1", "居民2", "居民三", "居民5", "居民6"}  # 居民4 removed
    assert after["居民1"].voted and after["居民1"].id == by_name["居民1"].id
    assert after["居民2"].user_id == resident.id  # type: ignore[attr-defined]
    assert after["居民三"].id == by_name["居民3"].id  # the same entry, renamed
    assert after["居民5"].id == by_name["居民5"].id  # another village: untouched


async def test_raw_id_numbers_are_stored_nowhere(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    rows = [person(i, name=f"居民{i}") for i in range(1, 6)]
    assert (await upload(client, areas["370104013000"], csv_bytes(rows))).status_code == 303
    # And through both kinds of verification, which also see the number.
    resident = await make_user(
        "13900000001", Role.RESIDENT, home=areas[VILLAGE], name="居民1", verified=False
    )
    await post(
        client,
        "/desk/verify",
        {
            "mobile": "13900000001",
            "area": str(areas[VILLAGE].id),
            "id_number": number(1),
            "checked": "yes",
        },
    )
    await make_user("13900000002", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await login(client, "13900000002")
    form = {"name": "居民2", "id_number": number(2), "area": str(areas[VILLAGE].id)}
    await post(client, "/verify", form | {"id_consent": "yes"})
    assert await RosterEntry.filter(user_id__in=[resident.id]).exists()
    assert await RosterEntry.filter(user_id__isnull=False).count() == 2
    secrets = {
        fragment for i in range(1, 6) for fragment in (number(i), number(i)[:17], number(i)[6:])
    }
    conn = Tortoise.get_connection("default")
    apps = Tortoise.apps
    assert apps is not None
    scanned = 0
    for model in apps["yishi"].values():
        table = model._meta.db_table
        for column in model._meta.fields_db_projection.values():
            rows_found = await conn.execute_query_dict(
                f'SELECT CAST("{column}" AS TEXT) AS v FROM "{table}"'
            )
            for row in rows_found:
                scanned += 1
                value = str(row["v"] or "")
                assert not any(s in value for s in secrets), f"{table}.{column}: {value}"
    assert scanned > 50


async def test_chunks_are_checked_together(areas: dict[str, Area]) -> None:
    """Duplicates are found across chunk boundaries; a clean multi-chunk file imports."""
    rows = [person(i) for i in range(1, 8)] + [person(3, NEIGHBOUR)]
    frame = pd.DataFrame(rows, columns=HEADER)
    report = await roster_import(
        None, areas["370104013000"], reading.from_frame("x.csv", frame, size=3)
    )
    assert not report.ok and [str(e) for e in report.errors] == [
        "第 9 行「身份证号」：身份证号与第 4 行重复"
    ]
    assert not await RosterEntry.exists()
    report = await roster_import(
        None, areas["370104013000"], reading.from_frame("x.csv", frame.iloc[:7], size=3)
    )
    assert report.ok and report.rows == 7 and report.counts is not None
    assert report.counts.added == 7 and await RosterEntry.all().count() == 7


async def test_an_upload_too_big_points_to_the_command_line(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    official: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 100)
    response = await upload(
        client, areas["370104013000"], csv_bytes([person(i) for i in range(1, 9)])
    )
    assert response.status_code == 400 and "yishi roster import" in response.text
    assert not await RosterEntry.exists()


async def test_figures_count_listed_verified_and_voted(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    user = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await verify_resident(user)
    entry = await RosterEntry.get(user=user)
    entry.voted = True
    await entry.save()
    await RosterEntry.create(
        area=areas[VILLAGE], id_hash="0" * 64, name="甲", birth_date=dt.date(1990, 1, 1)
    )
    page = (await client.get("/desk/rosters")).text
    row = page.split("吴家堡村</td>")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[0:4]] == [
        "370104013201",
        "2",
        "1",
        "1",
    ]


async def test_an_id_number_goes_on_one_roster_per_district(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    """Issue 14 item 3: duplicates were only checked within one file, so one ID number could
    sit on two villages' rosters and vote through both. An import that would put a listed ID
    number on a second roster in the same district is refused, row by row."""
    assert (await upload(client, areas[VILLAGE], csv_bytes([person(1)]))).status_code == 303
    twice = [person(2, NEIGHBOUR), person(1, NEIGHBOUR), person(3, NEIGHBOUR)]
    response = await upload(client, areas[NEIGHBOUR], csv_bytes(twice))
    assert response.status_code == 400
    assert "第 3 行「身份证号」：此身份证号已在「吴家堡村」的名册中" in response.text
    assert "文件有 1 处问题，未导入任何数据" in response.text
    assert [e.name for e in await RosterEntry.all()] == ["居民1"]
    # Another street of the same district: the same answer (the command line's importer).
    far = await roster_import(
        None, areas[FAR], reading.from_bytes("x.csv", csv_bytes([person(1, FAR)]))
    )
    assert [str(e) for e in far.errors] == [
        "第 2 行「身份证号」：此身份证号已在「吴家堡村」的名册中（同一区县内一人只能在一份名册上）"
    ]
    # A file for both villages moves the person: the old entry goes with the same file.
    both = areas["370104013000"]
    moved = await upload(client, both, csv_bytes([person(1, NEIGHBOUR)]))
    assert moved.status_code == 303, moved.text
    assert [e.area_id for e in await RosterEntry.all()] == [areas[NEIGHBOUR].id]  # type: ignore[attr-defined]
    # …unless the old entry is held (verified or voted): then it would stay, a second roster.
    await RosterEntry.all().update(voted=True)
    back = await upload(client, both, csv_bytes([person(1, VILLAGE)]))
    assert back.status_code == 400 and "已在「前屯村」的名册中" in back.text
    # Another district's roster is another matter.
    other = await Area.create(
        code="370105000000", name="天桥区", kind="district", path="/370105000000/"
    )
    village = await Area.create(
        code="370105001201",
        name="北园村",
        kind="village",
        parent=other,
        path="/370105000000/370105001201/",
    )
    there = await roster_import(
        None, other, reading.from_bytes("x.csv", csv_bytes([person(1, village.code)]))
    )
    assert there.ok


async def test_no_roster_import_while_voting(
    client: httpx.AsyncClient, areas: dict[str, Area], official: None
) -> None:
    """Issue 14 item 6: rosters imported during voting, then paper ballots entered for the
    new entries, stuffed the box. Imports overlapping a voting process are refused."""
    from project_factories import make_process

    from projects.models import Phase

    assert (await upload(client, areas[VILLAGE], csv_bytes([person(1)]))).status_code == 303
    process = await make_process(areas["370104013000"], Phase.VOTING, name="路灯投票")
    for scope in (VILLAGE, "370104013000"):
        response = await upload(client, areas[scope], csv_bytes([person(1), person(2)]))
        assert response.status_code == 400, scope
        assert "「路灯投票」正在投票，投票期间不能导入名册" in response.text
    for scope in (NEIGHBOUR, "370104000000"):  # the command line says it too
        with pytest.raises(VotingUnderWay, match="「路灯投票」正在投票"):
            await roster_import(
                None, areas[scope], reading.from_bytes("x.csv", csv_bytes([person(5, NEIGHBOUR)]))
            )
    assert [e.name for e in await RosterEntry.all()] == ["居民1"]
    # Another street's roster is not this vote's electorate; after voting, imports go on.
    far = await roster_import(
        None, areas[FAR], reading.from_bytes("x.csv", csv_bytes([person(3, FAR)]))
    )
    assert far.ok
    process.phase = Phase.TALLYING
    await process.save()
    assert (await upload(client, areas[VILLAGE], csv_bytes([person(2)]))).status_code == 303
