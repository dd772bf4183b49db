"""The dashboard's figures against a small world counted by hand, on the page, in the
open-data API and in the XLSX; turnout cells under 10 suppressed with their complement."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import openpyxl
import pytest
from accountability_factories import funded
from ballot_factories import VILLAGE
from consult_factories import make_opinion, make_topic
from letter_factories import make_letter
from support import login, make_user

from accountability.implementation.models import Milestone, MilestoneKind, WorkPlan
from accountability.ratings.models import ProjectRating
from consult.models import Adoption, OpinionFeedback
from core import exports
from core.clock import CHINA
from core.models import Area, Role
from insight import dashboard, report, turnout
from letters.models import Rating
from projects.models import Phase, PhaseLog, Process, Proposal
from residents import idcard
from residents.models import RosterEntry, Sex
from votes.ballots.boxes import boxes_of
from votes.models import Award, Channel, VoterMark

STREET = "370104013000"
OTHER_STREET = "370104001000"
DISTRICT = "370104000000"


async def _roster(
    area: Area, born: dt.date, count: int, start: int, sex: Sex | None = None
) -> list[RosterEntry]:
    entries = [
        RosterEntry(
            area=area,
            id_hash=idcard.id_hash(idcard.make_number("370104", born, n)),
            name=f"村民{n}",
            birth_date=born,
            sex=sex,
        )
        for n in range(start, start + count)
    ]
    await RosterEntry.bulk_create(entries)
    return await RosterEntry.filter(area=area, birth_date=born, voted=False).order_by("id")


async def _mark(process: Process, entries: list[RosterEntry]) -> None:
    """Votes as the paper desk records them: the voter mark beside the roster entry."""
    [box] = await boxes_of(process)
    for entry in entries:
        await VoterMark.create(box=box, entry=entry, id_hash=entry.id_hash, channel=Channel.PAPER)


async def world(areas: dict[str, Area]) -> Process:
    """Counted by hand:
    - the street's process (funded()): 3 proposals in VILLAGE, two funded, subsidies
      ¥300,000 + ¥100,000; 9 voters born 1980 already voted;
    - roster: 21 more born 1980 (11 vote) → 45–59: 30 electors, 20 voters;
      12 born 1960 (5 vote) → 60–74: 12 electors, 5 voters, a small cell;
    - the first project: confirmed ¥250,000, ¥120,000 paid, accepted 2026-11-10, planned
      to finish 2026-10-31 (late), funded 2026-06-01 → 162 days;
    - letters to VILLAGE this year: 3, two replied on time and one late, rated satisfied,
      basic, unsatisfied → on time 66.7 %, satisfied 66.7 %;
    - a topic of the street: 3 opinions answered adopted, partly, not adopted → 66.7 %.
    """
    process, project, award = await funded(areas)
    process.voting_end = dt.date(2026, 10, 15)
    await process.save()
    village = areas[VILLAGE]
    born_1980 = await _roster(village, dt.date(1980, 3, 1), 21, start=700)
    await _mark(process, born_1980[:11])
    born_1960 = await _roster(village, dt.date(1960, 5, 1), 12, start=800)
    await _mark(process, born_1960[:5])
    await turnout.recount_process(process)

    await Award.filter(id=award.id).update(confirmed_fen=25_000_000, disbursed_fen=12_000_000)
    log = await PhaseLog.create(process=process, phase=Phase.FUNDED)
    funded_at = dt.datetime(2026, 6, 1, 10, tzinfo=CHINA)
    await PhaseLog.filter(id=log.id).update(entered_at=funded_at)
    await WorkPlan.create(
        proposal=project, planned_start=dt.date(2026, 7, 1), planned_finish=dt.date(2026, 10, 31)
    )
    await Milestone.create(
        proposal=project,
        kind=MilestoneKind.ACCEPT,
        happened_on=dt.date(2026, 11, 10),
        progress_pct=100,
    )

    writer = await make_user("13900000777", Role.RESIDENT)  # on no roster: turnout as counted
    for score in (5, 4):  # 满意度 of the accepted project: 4.5 from two ratings
        await ProjectRating.create(proposal=project, user=None, score=score)
    day = dt.date(2026, 3, 2)
    for on_time, rating in (
        (True, Rating.SATISFIED),
        (True, Rating.BASIC),
        (False, Rating.UNSATISFIED),
    ):
        await make_letter(writer, village, received=day, replied_on_time=on_time, rating=rating)

    topic = await make_topic(
        areas[STREET], opens_on=dt.date(2026, 4, 1), closes_on=dt.date(2026, 4, 30)
    )
    for i, adoption in enumerate(Adoption):
        opinion = await make_opinion(topic, writer, body=f"意见{i}")
        await OpinionFeedback.create(comment=opinion, adoption=adoption, reason="理由")
    return process


async def _api(client: httpx.AsyncClient, area: str) -> dict:  # type: ignore[type-arg]
    response = await client.get("/api/v1/dashboard", params={"area": area, "year": "2026"})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_figures_equal_the_hand_count(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await world(areas)
    data = await _api(client, DISTRICT)
    assert data["participation"]["proposals"] == 3
    money = data["money"]
    assert money["pool_fen"] == 40_000_000
    assert money["awarded_fen"] == 40_000_000
    assert money["confirmed_fen"] == 25_000_000
    assert money["disbursed_fen"] == 12_000_000
    page = (await client.get("/dashboard", params={"area": DISTRICT, "year": "2026"})).text
    # Pools and totals in 万元, as the rest of the site says them; a line stays in ¥.
    assert '<dd data-figure="pool">40 万元</dd>' in page and "<dd>12 万元</dd>" in page
    delivery = data["delivery"]
    assert (delivery["funded"], delivery["accepted"], delivery["accepted_late"]) == (2, 1, 1)
    assert delivery["average_days_to_acceptance"] == "162.0"
    satisfaction = data["satisfaction"]
    assert satisfaction["letters_on_time_pct"] == "66.7"
    assert satisfaction["letters_satisfaction_pct"] == "66.7"
    assert satisfaction["adoption_pct"] == "66.7"
    assert satisfaction["project_rating_average"] == "4.5"
    [street] = [d for d in data["demand"] if d["code"] == STREET]
    assert street["letters"] == {"help": 3}
    assert sum(street["funded"].values()) == 2
    assert street["awarded_fen"] == 40_000_000
    [other] = [d for d in data["demand"] if d["code"] == OTHER_STREET]
    assert other == {
        "code": OTHER_STREET,
        "asked": {},
        "letters": {},
        "funded": {},
        "awarded_fen": 0,
    }

    [t] = data["participation"]["turnout"]
    assert t["process_id"] == process.id
    assert t["total"] == {"electors": 9 + 21 + 12, "voters": 9 + 11 + 5}
    bands = {b["band"]: b["cell"] for b in t["age_bands"]}
    # 60–74 (5 voters) is small; 45–59 would be the total less it, so it goes too.
    assert bands["60-74"] is None
    assert bands["45-59"] is None


async def test_a_cell_with_ten_each_way_is_published(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await world(areas)
    # 60–74 grows to 30 electors with 15 voters: both bands publish.
    more = await _roster(areas[VILLAGE], dt.date(1960, 5, 1), 18, start=900)
    already = {m.entry_id for m in await VoterMark.all()}
    await _mark(process, [e for e in more if e.id not in already][:10])
    await turnout.recount_process(process)
    [t] = (await _api(client, VILLAGE))["participation"]["turnout"]
    bands = {b["band"]: b["cell"] for b in t["age_bands"]}
    assert bands["45-59"] == {"electors": 30, "voters": 20}
    assert bands["60-74"] == {"electors": 30, "voters": 15}
    assert bands["75+"] is not None and bands["75+"]["electors"] == 0


async def test_turnout_by_sex_with_a_small_cell_and_its_square(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """By hand, in VILLAGE (ages on 2026-10-15):
    - 45–59 (born 1980): world's 30 made men, 20 voted; 3 women, none voted (small);
    - 60–74 (born 1960): world's 12 made women (5 voted) + 20 women (10 vote) → 32 / 15;
      24 men, 12 vote.
    45–59|f is small, so its square goes: 45–59|m, 60–74|f, 60–74|m. Margins publish:
    45–59 33/20, 60–74 56/27, men 54/32, women 35/15, total 89/47; no "u" (all known)."""
    process = await world(areas)
    village = areas[VILLAGE]
    await RosterEntry.filter(area=village, birth_date=dt.date(1980, 3, 1)).update(sex=Sex.MALE)
    await RosterEntry.filter(area=village, birth_date=dt.date(1960, 5, 1)).update(sex=Sex.FEMALE)
    await _roster(village, dt.date(1980, 3, 1), 3, start=990, sex=Sex.FEMALE)
    women = await _roster(village, dt.date(1960, 5, 1), 20, start=900, sex=Sex.FEMALE)
    await _mark(process, [e for e in women if int(e.name.removeprefix("村民")) >= 900][:10])
    men = await _roster(village, dt.date(1960, 5, 1), 24, start=950, sex=Sex.MALE)
    await _mark(process, [e for e in men if e.sex == Sex.MALE][:12])
    await turnout.recount_process(process)
    for scope in (VILLAGE, STREET):  # the street has no other roster: the same cells
        [t] = (await _api(client, scope))["participation"]["turnout"]
        assert t["total"] == {"electors": 89, "voters": 47}
        bands = {b["band"]: b["cell"] for b in t["age_bands"]}
        assert bands["45-59"] == {"electors": 33, "voters": 20}
        assert bands["60-74"] == {"electors": 56, "voters": 27}
        assert {x["sex"]: x["cell"] for x in t["sexes"]} == {
            "m": {"electors": 54, "voters": 32},
            "f": {"electors": 35, "voters": 15},
        }
        crossed = {(x["band"], x["sex"]): x["cell"] for x in t["age_band_sexes"]}
        assert [crossed[(b, s)] for b in ("45-59", "60-74") for s in "mf"] == [None] * 4
        assert crossed[("30-44", "m")] == {"electors": 0, "voters": 0}
    page = await client.get("/dashboard", params={"area": VILLAGE, "year": "2026"})
    assert 'data-cell="sex-m"><th scope="row">男</th><td>54</td><td>32</td>' in page.text
    assert 'data-cell="45-59|f">&lt;10<' in page.text


async def test_page_and_workbook_show_the_same(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await world(areas)
    page = await client.get("/dashboard", params={"area": STREET, "year": "2026"})
    assert page.status_code == 200
    html = page.text
    assert 'data-figure="proposals">3<' in html
    assert 'data-figure="late">1<' in html
    assert 'data-figure="days">162.0<' in html
    assert "&lt;10" in html  # the suppressed cells say so
    assert "<svg" in html
    book = await client.get("/dashboard.xlsx", params={"area": STREET, "year": "2026"})
    assert book.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(book.content))
    summary = {
        row[0]: row[1] for row in sheets.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert summary["提案"] == 3
    assert float(summary["奖补（元）"]) == 400_000
    turnout_rows = list(sheets.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert ("<10", "<10") in [(r[3], r[4]) for r in turnout_rows if r[2] == "60–74 岁"]


def _summary(content: bytes) -> dict[object, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


async def test_the_workbook_is_built_once_until_the_figures_change(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    await world(areas)
    builds: list[int] = []
    build = exports.to_xlsx

    def counted(sheets: dict[str, object]) -> bytes:
        builds.append(1)
        return build(sheets)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "to_xlsx", counted)
    report._built.clear()
    street = areas[STREET]
    first = report.workbook(await dashboard.build(street, 2026))
    again = report.workbook(await dashboard.build(street, 2026))
    assert len(builds) == 1 and again == first
    assert float(_summary(first)["已拨付（元）"]) == 120_000  # type: ignore[arg-type]
    await Award.all().update(disbursed_fen=20_000_000)  # the triggers move the figures
    changed = report.workbook(await dashboard.build(street, 2026))
    assert len(builds) == 2
    assert float(_summary(changed)["已拨付（元）"]) == 400_000  # type: ignore[arg-type]


async def test_unknown_area_and_bad_year(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    assert (await client.get("/dashboard", params={"area": "999999999999"})).status_code == 404
    assert (await client.get("/api/v1/dashboard", params={"year": "abc"})).status_code == 400
    page = await client.get("/dashboard", params={"year": "abc"})
    assert page.status_code == 200  # a mistyped year falls back to the latest


async def test_staff_view_only_for_their_own_area(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await world(areas)
    await make_user("13800000001", Role.OFFICIAL, scope=areas[STREET])
    await login(client, "13800000001")
    opened = await client.get("/desk/dashboard", params={"year": "2026"})
    assert opened.status_code == 200  # without an area: the official's own street
    assert "吴家堡街道 · 2026" in opened.text.replace("\n", "")
    mine = await client.get("/desk/dashboard", params={"area": VILLAGE, "year": "2026"})
    assert mine.status_code == 200
    assert 'id="dash-statuses"' in mine.text
    other = await client.get("/desk/dashboard", params={"area": OTHER_STREET, "year": "2026"})
    assert other.status_code == 403
    public = await client.get("/dashboard", params={"area": VILLAGE, "year": "2026"})
    assert 'id="dash-statuses"' not in public.text


async def test_turnout_waits_for_the_close_in_public(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await world(areas)
    process.phase = Phase.VOTING
    await process.save()
    data = await _api(client, DISTRICT)
    assert data["participation"]["turnout"] == []
    assert await Proposal.filter(process=process).count() == 3
