"""性别 on the roster, read from the ID number's 17th digit (odd: male) at import, before the
number is hashed; entries kept from before gain it on the next import."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from support import make_user

from core.models import Area, Role
from residents import idcard, reading
from residents.models import RosterEntry, Sex
from residents.personal_data import roster_rows
from residents.services import roster_import

VILLAGE, NEIGHBOUR = "370104013201", "370104013202"
HEADER = ["姓名", "身份证号", "村/社区代码", "出生日期"]
BORN = dt.date(1980, 3, 1)


def person(seq: int, code: str = VILLAGE) -> list[str]:
    return [f"居民{seq}", idcard.make_number("370104", BORN, seq), code, BORN.isoformat()]


def test_the_seventeenth_digit_tells_the_sex() -> None:
    # GB 11643's own example number: sequence 002, a woman.
    assert idcard.sex_of("11010519491231002X") == "f"
    assert idcard.sex_of(idcard.make_number("370104", dt.date(1980, 3, 1), 1)) == "m"
    assert idcard.sex_of(idcard.make_number("370104", dt.date(1980, 3, 1), 10)) == "f"
    column = pd.Series(["11010519491231002X", "370104198003010019", "370104198003010108"])
    assert idcard.sexes_of(column).tolist() == ["f", "m", "f"]
    assert idcard.sexes_of(pd.Series([], dtype=object)).tolist() == []


async def _import(area: Area, rows: list[list[str]]) -> None:
    frame = pd.DataFrame(rows, columns=HEADER)
    report = await roster_import(None, area, reading.from_frame("x.csv", frame, size=2))
    assert report.ok, report.errors


async def test_an_import_keeps_the_sex_the_number_states(areas: dict[str, Area]) -> None:
    street = areas["370104013000"]
    await _import(street, [person(1), person(2), person(13, NEIGHBOUR), person(24)])
    found = {e.name: e.sex for e in await RosterEntry.all()}
    # Sequences 001 and 013 are odd (men), 002 and 024 even (women).
    male, female = Sex.MALE, Sex.FEMALE
    assert found == {"居民1": male, "居民2": female, "居民13": male, "居民24": female}


async def test_an_entry_from_before_gains_its_sex_on_the_next_import(
    areas: dict[str, Area],
) -> None:
    street = areas["370104013000"]
    await _import(street, [person(1), person(2)])
    await RosterEntry.all().update(sex=None)  # as entries imported before 0024 are
    await _import(street, [person(1), person(2)])
    assert {e.name: e.sex for e in await RosterEntry.all()} == {
        "居民1": Sex.MALE,
        "居民2": Sex.FEMALE,
    }
    assert await RosterEntry.filter(area__code=VILLAGE).count() == 2


async def test_the_person_sees_the_sex_kept_about_them(areas: dict[str, Area]) -> None:
    """个人信息 access: what the roster holds includes the sex read from the number."""
    await _import(areas["370104013000"], [person(2)])
    entry = await RosterEntry.get()
    user = await make_user("13900000123", Role.RESIDENT, verified=False)
    await RosterEntry.filter(id=entry.id).update(user_id=user.id)
    [row] = await roster_rows(user.id)
    assert row["sex"] == "f" and row["birth_date"] == BORN
