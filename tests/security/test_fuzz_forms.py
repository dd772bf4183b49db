"""Every form, fed hostile values: never a 500, and what is stored is exactly what was accepted.

Random text, NUL and other control characters, 100 KB strings, emoji, right-to-left marks,
numbers in odd scripts ("²", "１２３", 30 digits), impossible dates and markup are thrown at
registration, login, the area, staff, process and proposal forms, and (with random field
names too) at every POST route of the app. A refused form is a 400 page with the payload
escaped; an accepted one stores the cleaned text (control characters dropped, trimmed).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from project_factories import make_process, proposal_form
from security.hostile import (
    FEW,
    FUZZ,
    MOBILES,
    QUIET_REPR,
    assert_answer,
    assert_escaped,
    assert_not_crashed,
    cleaned,
    form_of,
    fresh_client,
    fuzz,
    hostile_text,
    make_records,
    post_form,
    settled_routes,
    token_of,
)
from starlette.applications import Starlette
from support import PASSWORD, last_code, login, make_user

from core import settings
from core.accounts import codes
from core.accounts import services as account_services
from core.accounts.models import CodePurpose
from core.forms import MOBILE_RE
from core.models import Area, Role, User
from core.passwords import verify_password
from projects.models import Phase, Process, Proposal

pytestmark = QUIET_REPR
VILLAGE = "370104013201"
STREET = "370104013000"
ROUTES = fuzz(150)


def _mobile() -> st.SearchStrategy[str]:
    return st.one_of(MOBILES, MOBILES.map(lambda m: f"{m[:3]} {m[3:7]} {m[7:]}"), hostile_text())


def _same_site(location: str) -> bool:
    target = urlsplit(urljoin("https://testserver/login", location))
    return target.scheme == "https" and target.netloc == "testserver"


@pytest.fixture
async def admin_token(client: httpx.AsyncClient, clean_db: str) -> str:
    """The client is signed in as an admin; the session's CSRF token."""
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    return await token_of(client)


@FUZZ
@given(data=st.data())
async def test_registration(app: Starlette, areas: dict[str, Area], data: st.DataObject) -> None:
    village = areas[VILLAGE]
    form = {
        "name": "张桂兰",
        "mobile": data.draw(MOBILES),
        "password": "correct-horse-1",
        "password2": "correct-horse-1",
        "home_area": str(village.id),
    }
    form |= data.draw(
        form_of(
            {
                "name": hostile_text("张桂兰", " 李 四 "),
                "mobile": _mobile(),
                "password": hostile_text("correct-horse-1"),
                "password2": hostile_text("correct-horse-1"),
                "home_area": hostile_text(str(village.id), str(areas[STREET].id)),
            }
        )
    )
    # Every example comes from one address in a minute: the registration throttle (its
    # own tests are in tests/core/test_accounts.py) would answer most of them.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "REGISTER_PER_HOUR", 1_000_000)
        patch.setattr(account_services, "TAKEN_ANSWERS_PER_HOUR", 1_000_000)
        patch.setattr(settings, "SMS_CODE_INTERVAL_SECONDS", 0)
        patch.setattr(settings, "SMS_CODES_PER_NUMBER_PER_DAY", 1_000_000)
        patch.setattr(settings, "SMS_CODES_PER_ADDRESS_PER_HOUR", 1_000_000)
        # The number's owner got the code and ticked the consent: the rest is hostile.
        mobile = cleaned(form["mobile"]).replace(" ", "")
        if MOBILE_RE.fullmatch(mobile):
            await codes.issue(CodePurpose.REGISTER, mobile, ip="192.0.2.1")
            form["code"] = last_code(mobile)
        form["agree"] = "yes"
        async with fresh_client(app) as client:
            response = await post_form(client, "/register", form, await token_of(client))
    assert_answer(response, form, 303, 400)
    if response.status_code != 303:
        assert_escaped(response, *form.values())
        return
    user = await User.get(mobile=cleaned(form["mobile"]).replace(" ", ""))
    assert user.name == cleaned(form["name"]) and 0 < len(user.name) <= 50
    assert re.fullmatch(r"1[3-9][0-9]{9}", user.mobile)
    assert user.home_area_id == int(cleaned(form["home_area"]))  # type: ignore[attr-defined]
    assert verify_password(user.password_hash, cleaned(form["password"]))
    await user.delete()  # a later example may draw the same number


@pytest.fixture
async def account(clean_db: str) -> None:
    await make_user("13900000001", Role.RESIDENT)


@FEW
@given(
    mobile=st.one_of(st.just("13900000001"), _mobile()),
    password=st.one_of(st.just(PASSWORD), hostile_text()),
    next_=hostile_text(
        "/me",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        big=False,
    ),
)
async def test_login_and_its_next_parameter(
    app: Starlette, account: None, mobile: str, password: str, next_: str
) -> None:
    async with fresh_client(app) as client:
        page = await client.get("/login", params={"next": next_})
        assert_not_crashed(page)
        assert_escaped(page, next_)
        form = {"mobile": mobile, "password": password, "next": next_}
        response = await post_form(client, "/login", form, await token_of(client))
    assert_answer(response, form, 303, 400)
    if response.status_code == 303:
        assert cleaned(mobile).replace(" ", "") == "13900000001"
        assert _same_site(response.headers["location"]), response.headers["location"]
    else:
        assert_escaped(response, next_, mobile)


@FUZZ
@given(next_=hostile_text("/processes", "//evil.example", "/\\evil.example", big=False))
async def test_language_switch_redirects_only_within_the_site(
    client: httpx.AsyncClient, next_: str
) -> None:
    response = await client.get("/lang/en", params={"next": next_})
    if "\x00" in next_:  # no page has NUL in its address: refused before anything looks
        assert response.status_code == 400
        return
    assert response.status_code == 303 and _same_site(response.headers["location"])


@FUZZ
@given(data=st.data(), edit=st.booleans())
async def test_area_create_and_edit(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    admin_token: str,
    data: st.DataObject,
    edit: bool,
) -> None:
    kinds = ["district", "street", "township", "community", "village"]
    form = {
        "code": data.draw(st.from_regex(r"3701040132[0-9][0-9]", fullmatch=True)),
        "name": "新村",
        "kind": "village",
        "parent": STREET,
        "population": "1,200",
        "households": "300",
    }
    form |= data.draw(
        form_of(
            {
                "code": hostile_text("370104013204", "３７０１０４０１３２９９"),
                "name": hostile_text("新村"),
                "kind": hostile_text(*kinds),
                "parent": hostile_text(STREET, "370104000000"),
                "population": hostile_text("1200", "1,200"),
                "households": hostile_text("300"),
            }
        )
    )
    path = f"/admin/areas/{VILLAGE}/edit" if edit else "/admin/areas/new"
    before = await Area.all().count()
    response = await post_form(client, path, form, admin_token)
    assert_answer(response, form, 303, 400)
    if response.status_code != 303:
        assert_escaped(response, *form.values())
        assert await Area.all().count() == before
        return
    area = await Area.get(code=VILLAGE if edit else form["code"])
    assert area.name == cleaned(form["name"])
    assert area.population == int(cleaned(form["population"]).replace(",", ""))
    assert re.fullmatch(r"[0-9]{12}", area.code) and area.path.endswith(f"/{area.code}/")
    if not edit:
        await area.delete()


@FEW
@given(
    mobile=MOBILES,
    overrides=form_of(
        {
            "name": hostile_text("赵敏"),
            "mobile": _mobile(),
            "password": hostile_text("initial-pass-1"),
        }
    ),
)
async def test_staff_create(
    client: httpx.AsyncClient, admin_token: str, mobile: str, overrides: dict[str, str]
) -> None:
    form = {"name": "赵敏", "mobile": mobile, "password": "initial-pass-1"} | overrides
    response = await post_form(client, "/admin/users/new", form, admin_token)
    assert_answer(response, form, 303, 400)
    if response.status_code != 303:
        assert_escaped(response, *form.values())
        return
    user = await User.get(id=int(response.headers["location"].rsplit("/", 1)[1]))
    assert user.name == cleaned(form["name"])
    assert re.fullmatch(r"1[3-9][0-9]{9}", user.mobile)
    await user.delete()


MONEY = ("1,000,000", "¥800", "0.01", "12345678901234", "1e3", "-5")


@FUZZ
@given(data=st.data())
async def test_process_form(
    client: httpx.AsyncClient, areas: dict[str, Area], admin_token: str, data: st.DataObject
) -> None:
    street, child = areas[STREET], areas[VILLAGE]
    form = {
        "name": "2027 年度民生实事",
        "area": str(street.id),
        "budget": "1,000,000",
        "voting_method": "approval",
        "tally_rule": "greedy",
        "max_picks": "3",
        "min_voter_age": "18",
        "subsidy_ratio": "80",
        "publicity_days": "7",
    }
    form |= data.draw(
        form_of(
            {
                "name": hostile_text("2027 年度民生实事"),
                "description": hostile_text("说明"),
                "area": hostile_text(str(street.id)),
                "budget": hostile_text(*MONEY),
                "voting_method": hostile_text("approval", "knapsack", "cumulative", "ranked"),
                "tally_rule": hostile_text("greedy", "equalshares", "yishi"),
                "min_picks": hostile_text("1"),
                "max_picks": hostile_text("3"),
                "points_total": hostile_text("10"),
                "points_per_project": hostile_text("5"),
                "min_voter_age": hostile_text("18", "14", "101"),
                "subsidy_ratio": hostile_text("80", "100%", "12.345", "-0"),
                "subsidy_cap": hostile_text(*MONEY),
                "collecting_start": hostile_text("2026-09-01"),
                "voting_end": hostile_text("2026-12-31"),
                f"heading_{child.id}": hostile_text(*MONEY),
                "vote_threshold_is_share": hostile_text("on"),
                "action": hostile_text("refresh"),
            }
        )
    )
    before = await Process.all().count()
    response = await post_form(client, "/admin/processes/new", form, admin_token)
    assert_answer(response, form, 303, 400, *([200] if form.get("action") == "refresh" else []))
    if response.status_code != 303:
        assert_escaped(response, *form.values())
        assert await Process.all().count() == before
        return
    process = await Process.all().order_by("-id").first()
    assert process is not None and process.name == cleaned(form["name"])
    assert process.description == cleaned(form.get("description", ""))
    assert process.budget_fen > 0 and process.phase == Phase.DRAFT


async def test_subsidy_ratio_that_is_not_a_number(
    client: httpx.AsyncClient, areas: dict[str, Area], admin_token: str
) -> None:
    """Decimal parses "NaN" and then refuses to compare it: that was a 500."""
    form = {
        "name": "批次",
        "area": str(areas[STREET].id),
        "budget": "1000",
        "voting_method": "approval",
        "tally_rule": "greedy",
        "min_voter_age": "18",
    }
    for ratio in ("NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "1e999999", "1E-999999"):
        response = await post_form(
            client, "/admin/processes/new", form | {"subsidy_ratio": ratio}, admin_token
        )
        assert_not_crashed(response)
        assert response.status_code == 400 and "奖补比例" in response.text, ratio
    assert not await Process.exists()


@pytest.fixture
async def proposer(client: httpx.AsyncClient, areas: dict[str, Area]) -> tuple[Process, str]:
    """A collecting process of 吴家堡街道 and a signed-in resident of 吴家堡村 (with token)."""
    process = await make_process(areas[STREET])
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    return process, await token_of(client)


@FUZZ
@given(data=st.data(), action=st.sampled_from(["submit", "save", ""]))
async def test_proposal_form(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    proposer: tuple[Process, str],
    data: st.DataObject,
    action: str,
) -> None:
    process, token = proposer
    valid = proposal_form(areas[VILLAGE])
    form = valid | data.draw(form_of({k: hostile_text(v) for k, v in valid.items()}))
    form["action"] = action
    before = await Proposal.all().count()
    response = await post_form(client, f"/processes/{process.id}/propose", form, token)
    assert_answer(response, form, 303, 400)
    if response.status_code != 303:
        assert_escaped(response, *form.values())
        assert await Proposal.all().count() == before
        return
    proposal = await Proposal.get(id=int(response.headers["location"].rsplit("/", 1)[1]))
    for name in ("title", "summary", "body", "location"):
        assert getattr(proposal, name) == cleaned(form[name]), name
    if proposal.total_cost_fen or proposal.status != "draft":  # a draft may leave it empty
        assert proposal.total_cost_fen >= proposal.requested_subsidy_fen >= 0
    assert proposal.area_id == areas[VILLAGE].id  # type: ignore[attr-defined]
    page = await client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert_escaped(page, *form.values())


# ------------------------------------------------------------------ every POST route


FIELD_NAMES = [
    "name",
    "mobile",
    "password",
    "password2",
    "home_area",
    "next",
    "code",
    "kind",
    "parent",
    "population",
    "households",
    "role",
    "area",
    "title",
    "summary",
    "body",
    "category",
    "location",
    "total_cost",
    "requested_subsidy",
    "meeting_date",
    "action",
    "to",
    "decision",
    "feasibility",
    "reviewed_cost",
    "official_answer",
    "rejection_reason",
    "stance",
    "official",
    "reason",
    "view",
    "response",
    "opens_on",
    "closes_on",
    "prompt",
    "options",
    "required",
    "min_choices",
    "max_choices",
    "direction",
    "adoption",
    "scope",
    "id_number",
    "checked",
    "q1",
    "q2",
    "q3",
    "q4",
    "budget",
    "voting_method",
    "tally_rule",
    "subsidy_ratio",
    # the mailbox (letters)
    "subject",
    "text",
    "is_public",
    "show_name",
    "transfer_reason",
    "decline_reason",
    "decline_note",
    "extension_reason",
    "reply",
    "rating",
    "days",
    "year",
    "source",
    "process",
]


def _post_paths(app: Starlette, ids: dict[str, int]) -> list[str]:
    paths = []
    for route in settled_routes(app):
        if "POST" not in (route.methods or ()):
            continue
        path = route.path
        for name, value in ids.items():
            path = path.replace(f"{{{name}:int}}", str(value))
        path = path.replace("{subject_type:str}", "proposal").replace("{code:str}", VILLAGE)
        path = path.replace("{token:str}", "not-a-signed-token")
        paths.append(path)
    return sorted(set(paths))


@pytest.fixture
async def post_paths(app: Starlette, areas: dict[str, Area]) -> list[str]:
    ids = await make_records(areas)
    paths = _post_paths(app, ids)
    assert "/desk/consult/{topic_id}/questions".format(**ids) in paths
    assert all("{" not in p for p in paths), paths
    return [p for p in paths if p != "/logout"]


@ROUTES
@given(data=st.data(), htmx=st.booleans())
async def test_every_post_route_survives_random_forms(
    client: httpx.AsyncClient,
    post_paths: list[str],
    admin_token: str,
    data: st.DataObject,
    htmx: bool,
) -> None:
    path = data.draw(st.sampled_from(post_paths))
    form = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)),
            hostile_text(),
            max_size=8,
        )
    )
    form.pop("csrf_token", None)
    headers = {"HX-Request": "true"} if htmx else {}
    response = await post_form(client, path, form, admin_token, headers=headers)
    assert_not_crashed(response)
    assert_escaped(response, *form.values(), *form.keys())
