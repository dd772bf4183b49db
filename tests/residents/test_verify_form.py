"""One reader of the roster claim (ID number + village) for the three verification forms:
/verify, /desk/verify and the 代办 desk refuse the same typing mistakes in the same words."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from support import login, make_user, post

from core.forms import Form
from core.models import Area, AreaKind, Role
from residents import idcard
from residents.verify_form import RosterClaim, forget_id_number, read_roster_claim

VILLAGE, STREET = "370104013201", "370104013000"
OFFICIAL = "13800000002"
BAD_NUMBER = "请输入有效的 18 位身份证号"
NO_AREA = "请选择村或社区"


def number(seq: int) -> str:
    return idcard.make_number("370104", dt.date(1980, 3, 1), seq)


def wrong_check_digit(good: str) -> str:
    return good[:17] + ("0" if good[17] != "0" else "1")


def offered() -> list[Area]:
    return [Area(id=7, code=VILLAGE, name="吴家堡村", kind=AreaKind.VILLAGE)]


def test_a_good_number_in_an_offered_village_is_a_claim() -> None:
    village = offered()
    form = Form(values={"id_number": f" {number(1).lower()} ", "area": "7"})
    assert read_roster_claim(form, village) == RosterClaim(number(1), village[0])
    assert form.ok


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"id_number": "12345", "area": "7"}, {"id_number": BAD_NUMBER}),
        ({"id_number": wrong_check_digit(number(1)), "area": "7"}, {"id_number": BAD_NUMBER}),
        ({"id_number": number(1), "area": "8"}, {"area": NO_AREA}),  # not offered here
        ({}, {"id_number": BAD_NUMBER, "area": NO_AREA}),
    ],
)
def test_a_bad_claim_is_refused_field_by_field(
    values: dict[str, str], errors: dict[str, str]
) -> None:
    form = Form(values=dict(values))
    assert read_roster_claim(form, offered()) is None
    assert form.errors == errors
    forget_id_number(form)
    assert "id_number" not in form.values


PAGES = {
    "/verify": ("13900000001", {"name": "张桂兰", "id_consent": "yes"}),
    "/desk/verify": (OFFICIAL, {"mobile": "13900000001", "checked": "yes"}),
    "/desk/assist": (
        OFFICIAL,
        {"name": "王秀芝", "phone_owner": "none", "reason": "不会用手机", "consent_read": "yes"},
    ),
}


@pytest.mark.parametrize("path", PAGES)
async def test_every_verification_form_refuses_in_the_same_words(
    client: httpx.AsyncClient, areas: dict[str, Area], path: str
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE], verified=False)
    await make_user(OFFICIAL, Role.OFFICIAL, scope=areas[STREET])
    mobile, data = PAGES[path]
    await login(client, mobile)
    typed = wrong_check_digit(number(1))
    response = await post(client, path, data | {"id_number": typed, "area": "0"})
    assert response.status_code == 400
    assert BAD_NUMBER in response.text and NO_AREA in response.text
    assert typed not in response.text  # never echoed back
