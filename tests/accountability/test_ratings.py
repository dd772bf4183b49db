"""满意度评价 through the real pages: after acceptance (验收) verified residents of the
project's village rate it once, for 30 days; the figures show on the proposal and progress
pages; officials of the area answer (the rater hears it) and hide comments (audited); the
village hears when rating opens; a deleted account's rating stays, with no one behind it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import httpx
import pytest
from accountability_factories import funded
from support import PASSWORD, csrf, login, make_user, post

from accountability.implementation.models import Milestone, MilestoneKind
from accountability.ratings import rules, services
from accountability.ratings.models import ProjectRating
from core.clock import today
from core.models import Area, AuditEntry, Role, User
from core.principal import load_principal
from notify.kinds import Kind
from notify.models import Message
from projects.models import Process, Proposal
from votes.models import Award

VILLAGE = "370104013201"  # 吴家堡村, where the funded project is
NEIGHBOUR = "370104013202"  # 前屯村, same township
TOWNSHIP = "370104013000"
RESIDENT = "13900000061"


@pytest.fixture
async def project(areas: dict[str, Area]) -> tuple[Process, Proposal, Award]:
    return await funded(areas)


async def _accept(proposal: Proposal, on: dt.date) -> None:
    """The milestones up to acceptance, as an official would have entered them."""
    for kind, pct, day in (
        (MilestoneKind.START, 0, on - dt.timedelta(days=60)),
        (MilestoneKind.COMPLETE, 100, on - dt.timedelta(days=5)),
        (MilestoneKind.ACCEPT, 100, on),
    ):
        await Milestone.create(proposal=proposal, kind=kind, happened_on=day, progress_pct=pct)


async def _resident(
    client: httpx.AsyncClient, area: Area, mobile: str = RESIDENT, *, verified: bool = True
) -> User:
    user = await make_user(mobile, Role.RESIDENT, home=area, verified=verified)
    client.cookies.clear()
    await login(client, mobile)
    return user


async def _rate(
    client: httpx.AsyncClient, proposal: Proposal, score: int | str, comment: str = ""
) -> httpx.Response:
    path = f"/proposals/{proposal.id}/rating"
    return await post(client, path, {"score": str(score), "comment": comment})


async def test_a_resident_rates_once_and_the_pages_show_it(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, _award = project
    await _accept(proposal, today())
    await _resident(client, areas[VILLAGE])
    page = await client.get(f"/proposals/{proposal.id}/rating")
    assert page.status_code == 200 and 'name="score"' in page.text

    done = await _rate(client, proposal, 4, "路面平整，就是排水沟还差一点。电话13812345678")
    assert done.status_code == 303
    assert done.headers["location"] == f"/proposals/{proposal.id}/rating"

    again = await _rate(client, proposal, 1, "改个差评")
    assert again.status_code == 400
    assert "您已经评价过这个项目" in again.text and "4 分" in again.text
    assert 'name="score"' not in again.text  # no second form
    [rating] = await ProjectRating.filter(proposal=proposal)
    assert rating.score == 4 and rating.comment.startswith("路面平整")

    client.cookies.clear()
    public = await client.get(f"/proposals/{proposal.id}")
    assert "居民满意度评价" in public.text and "4.0" in public.text
    assert "1 人评价" in public.text and "路面平整" in public.text
    assert "13812345678" not in public.text and "138****5678" in public.text
    progress = await client.get(f"/processes/{process.id}/progress")
    assert "4.0" in progress.text and "1 人评价" in progress.text


async def test_the_average_is_to_one_decimal_with_a_bar_per_score(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _accept(proposal, today())
    for i, score in enumerate((5, 4, 4, 4)):
        await _resident(client, areas[VILLAGE], f"1390000007{i}")
        assert (await _rate(client, proposal, score)).status_code == 303
    client.cookies.clear()
    page = (await client.get(f"/proposals/{proposal.id}")).text
    # 17 / 4 = 4.25, rounded half up.
    assert "4.3" in page and "4 人评价" in page
    assert "<svg" in page and "3 · 75%" in page and "1 · 25%" in page


@pytest.mark.parametrize(
    ("accepted_days_ago", "opens"),
    [(0, True), (rules.RATING_DAYS - 1, True), (rules.RATING_DAYS, False)],
)
async def test_the_window_opens_at_acceptance_and_closes_after_30_days(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    project: tuple[Process, Proposal, Award],
    accepted_days_ago: int,
    opens: bool,
) -> None:
    _process, proposal, _award = project
    await _accept(proposal, today() - dt.timedelta(days=accepted_days_ago))
    await _resident(client, areas[VILLAGE])
    response = await _rate(client, proposal, 5)
    if opens:
        assert response.status_code == 303
        assert await ProjectRating.filter(proposal=proposal).count() == 1
    else:
        assert response.status_code == 400 and "评价已于" in response.text
        assert "截止" in response.text and not await ProjectRating.exists()


async def test_before_acceptance_nobody_rates(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await Milestone.create(
        proposal=proposal, kind=MilestoneKind.COMPLETE, happened_on=today(), progress_pct=100
    )
    await _resident(client, areas[VILLAGE])
    page = await client.get(f"/proposals/{proposal.id}/rating")
    assert "项目通过验收后才能评价" in page.text and 'name="score"' not in page.text
    refused = await _rate(client, proposal, 5)
    assert refused.status_code == 400 and "项目通过验收后才能评价" in refused.text
    assert not await ProjectRating.exists()
    client.cookies.clear()
    assert "居民满意度评价" not in (await client.get(f"/proposals/{proposal.id}")).text


async def test_a_resident_of_another_village_is_refused_with_the_reason(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _accept(proposal, today())
    await _resident(client, areas[NEIGHBOUR])
    reason = "只有吴家堡村名册上的居民才能评价这个项目；您核验的是前屯村。"
    page = await client.get(f"/proposals/{proposal.id}/rating")
    assert reason in page.text and 'name="score"' not in page.text
    refused = await _rate(client, proposal, 1)
    assert refused.status_code == 400 and reason in refused.text
    assert not await ProjectRating.exists()


async def test_an_unverified_resident_is_told_to_verify_first(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _accept(proposal, today())
    await _resident(client, areas[VILLAGE], verified=False)
    page = await client.get(f"/proposals/{proposal.id}/rating")
    assert "评价前请先完成居民核验" in page.text and 'href="/verify"' in page.text
    refused = await _rate(client, proposal, 3)
    assert refused.status_code == 400 and "评价前请先完成居民核验" in refused.text
    assert not await ProjectRating.exists()


async def test_a_score_outside_one_to_five_is_refused_in_chinese(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _accept(proposal, today())
    await _resident(client, areas[VILLAGE])
    for score in ("6", "0", "", "好"):
        response = await _rate(client, proposal, score, "留言还在")
        assert response.status_code == 400 and "评分" in response.text, score
        assert "留言还在" in response.text  # what was typed is kept
    assert not await ProjectRating.exists()


async def _rated(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal, comment: str = "路灯太暗"
) -> User:
    await _accept(proposal, today())
    user = await _resident(client, areas[VILLAGE])
    assert (await _rate(client, proposal, 2, comment)).status_code == 303
    return user


async def _official(client: httpx.AsyncClient, area: Area, mobile: str = "13800000061") -> None:
    if not await User.exists(mobile=mobile):
        await make_user(mobile, Role.OFFICIAL, scope=area)
    client.cookies.clear()
    await login(client, mobile)


async def test_an_official_answers_and_the_rater_hears_it(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    rater = await _rated(client, areas, proposal)
    rating = await ProjectRating.get(proposal=proposal)

    await _official(client, areas["370104001000"], "13800000062")  # another street
    stranger = await post(client, f"/desk/ratings/{rating.id}/answer", {"answer": "不归我管"})
    assert stranger.status_code == 403
    assert (await ProjectRating.get(id=rating.id)).answer == ""

    await _official(client, areas[TOWNSHIP])
    page = await client.get(f"/proposals/{proposal.id}/rating")
    assert f'action="/desk/ratings/{rating.id}/answer"' in page.text
    empty = await post(client, f"/desk/ratings/{rating.id}/answer", {"answer": "  "})
    assert empty.status_code == 303
    assert not await Message.filter(kind=Kind.RATING_ANSWERED).exists()
    answered = await post(
        client, f"/desk/ratings/{rating.id}/answer", {"answer": "已加装两盏路灯。"}
    )
    assert answered.status_code == 303
    fresh = await ProjectRating.get(id=rating.id)
    assert fresh.answer == "已加装两盏路灯。" and fresh.answered_at is not None
    entry = await AuditEntry.get(action="rating.answer")
    assert entry.target_id == str(rating.id) and entry.after["answer"] == "已加装两盏路灯。"
    message = await Message.get(kind=Kind.RATING_ANSWERED)
    assert message.user_id == rater.id and "已加装两盏路灯" in message.body
    assert message.link == f"/proposals/{proposal.id}/rating#rating-{rating.id}"
    client.cookies.clear()
    public = await client.get(f"/proposals/{proposal.id}")
    assert "官方回复" in public.text and "已加装两盏路灯。" in public.text


async def test_an_official_hides_a_comment_with_a_reason_the_score_still_counts(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    await _rated(client, areas, proposal)
    rating = await ProjectRating.get(proposal=proposal)
    await _official(client, areas[TOWNSHIP])
    await post(client, f"/desk/ratings/{rating.id}/hide", {"reason": ""})
    assert not (await ProjectRating.get(id=rating.id)).comment_hidden
    hidden = await post(client, f"/desk/ratings/{rating.id}/hide", {"reason": "含人身攻击"})
    assert hidden.status_code == 303
    assert (await ProjectRating.get(id=rating.id)).comment_hidden
    entry = await AuditEntry.get(action="rating.hide")
    assert "含人身攻击" in entry.summary and entry.after["hidden_reason"] == "含人身攻击"
    client.cookies.clear()
    public = (await client.get(f"/proposals/{proposal.id}")).text
    assert "路灯太暗" not in public and "这条意见已被隐藏：含人身攻击" in public
    assert "2.0" in public and "1 人评价" in public
    await _official(client, areas[TOWNSHIP])
    await post(client, f"/desk/ratings/{rating.id}/restore")
    assert not (await ProjectRating.get(id=rating.id)).comment_hidden
    assert await AuditEntry.filter(action="rating.restore").exists()


async def test_acceptance_tells_the_village_that_rating_is_open(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    villager = await make_user("13900000081", Role.RESIDENT, home=areas[VILLAGE])
    neighbour = await make_user("13900000082", Role.RESIDENT, home=areas[NEIGHBOUR])
    for kind, pct, days_ago in (("start", 0, 20), ("complete", 100, 3)):
        await Milestone.create(
            proposal=proposal,
            kind=kind,
            happened_on=today() - dt.timedelta(days=days_ago),
            progress_pct=pct,
        )
    await _official(client, areas[TOWNSHIP])
    data = {
        "csrf_token": await csrf(client),
        "kind": "accept",
        "happened_on": today().isoformat(),
        "progress_pct": "100",
        "note": "验收合格",
    }
    accepted = await client.post(f"/desk/implementation/{proposal.id}/milestones", data=data)
    assert accepted.status_code == 303, accepted.text[:500]
    told = await Message.filter(kind=Kind.RATING_OPENED)
    assert villager.id in {m.user_id for m in told}
    assert neighbour.id not in {m.user_id for m in told}
    note = next(m for m in told if m.user_id == villager.id)
    assert note.link == f"/proposals/{proposal.id}/rating" and "通过验收" in note.title


async def test_late_entered_acceptance_tells_no_one(
    areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    """验收 entered after its own window closed: an invitation would lead nowhere."""
    process, proposal, _award = project
    await make_user("13900000081", Role.RESIDENT, home=areas[VILLAGE])
    await _accept(proposal, today() - dt.timedelta(days=rules.RATING_DAYS))
    assert await services.rating_opened(proposal, process) == 0
    assert not await Message.filter(kind=Kind.RATING_OPENED).exists()


async def test_my_data_lists_ratings_and_deleting_the_account_keeps_them_unlinked(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    _process, proposal, _award = project
    user = await _rated(client, areas, proposal, "路灯太暗，请回电13812345678")
    exported = json.loads((await client.get("/me/data/json")).content)["data"]
    [row] = exported["project_ratings"]
    assert row["score"] == 2 and row["comment"] == "路灯太暗，请回电13812345678"
    assert row["project"] == proposal.title

    done = await post(client, "/me/delete", {"password": PASSWORD, "confirm": "yes"})
    assert done.status_code == 303
    [kept] = await ProjectRating.filter(proposal=proposal)
    assert kept.user_id is None and kept.score == 2
    assert kept.comment == "路灯太暗，请回电138****5678"  # no number left to find them by
    assert not await ProjectRating.filter(user_id=user.id).exists()
    client.cookies.clear()
    assert "1 人评价" in (await client.get(f"/proposals/{proposal.id}")).text


async def test_open_data_gives_the_figures_never_the_raters(
    client: httpx.AsyncClient, areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    process, proposal, _award = project
    await _rated(client, areas, proposal)
    client.cookies.clear()
    response = await client.get(f"/api/v1/processes/{process.id}/ratings")
    assert response.status_code == 200
    body = response.json()
    [funded_first, *_rest] = [p for p in body["projects"] if p["proposal_id"] == proposal.id]
    assert funded_first["count"] == 1 and funded_first["average"] == "2.0"
    assert funded_first["by_score"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}
    assert funded_first["accepted_on"] == today().isoformat()
    assert "路灯太暗" not in response.text and RESIDENT not in response.text
    assert "user" not in response.text


async def test_two_ratings_at_once_by_one_person_leave_one(
    areas: dict[str, Area], project: tuple[Process, Proposal, Award]
) -> None:
    """Once each is the unique key's to keep, not a read-then-write: two submissions at
    the same moment (a double tap) store one rating and refuse the other."""
    process, proposal, _award = project
    await _accept(proposal, today())
    user = await make_user(RESIDENT, Role.RESIDENT, home=areas[VILLAGE])
    principal = await load_principal(user.id)
    assert principal is not None
    village = await Area.get(code=VILLAGE)

    async def rate(score: int) -> object:
        try:
            return await services.rating_give(
                principal,
                proposal=proposal,
                village=village,
                process=process,
                score=score,
                comment="",
            )
        except services.AlreadyRated as refused:
            return refused

    outcomes = await asyncio.gather(rate(5), rate(1))
    assert sum(isinstance(o, services.AlreadyRated) for o in outcomes) == 1
    assert await ProjectRating.filter(proposal=proposal).count() == 1
