"""The index on both databases: words inside longer phrases, across punctuation, ranked,
filtered, kept in the transaction of the write, and never anything the pages hide."""

from __future__ import annotations

import datetime as dt

import pytest
from consult_factories import make_opinion, make_topic
from letter_factories import VILLAGE, make_letter, make_writer
from project_factories import make_process, make_proposal
from support import make_user
from tortoise.transactions import in_transaction

from app import wiring
from comments import services as comment_services
from consult.models import TopicStatus
from core import clock
from core.models import Area, Role
from core.principal import load_principal
from core.search import index
from core.search.models import SearchDocument
from core.search.query import Filters, search
from core.search.rebuild import rebuild_all
from letters.models import LetterStatus
from projects.models import Phase, Process, ProposalStatus
from projects.services import proposals as proposal_services

STREET = "370104013000"
NEIGHBOUR = "370104013202"


@pytest.fixture(autouse=True)
def _sources() -> None:
    wiring.install()


async def _found(text: str, filters: Filters | None = None, **kw: dt.datetime) -> list[str]:
    results = await search(text, filters or Filters(), **kw)
    return [f"{hit.kind}:{hit.ref_id}" for hit in results.hits]


async def _proposal(areas: dict[str, Area], title: str, body: str = "", **extra: object):  # type: ignore[no-untyped-def]
    process = await make_process(areas[STREET], Phase.COLLECTING)
    author = await make_user(f"1390000{len(title):04d}", Role.RESIDENT, home=areas[VILLAGE])
    status = extra.pop("status", ProposalStatus.SUBMITTED)
    proposal = await make_proposal(
        process, areas[VILLAGE], author, status, title=title, summary="", body=body, **extra
    )
    await index.refresh("proposal", proposal.id)
    return proposal


async def test_words_inside_longer_phrases_and_across_punctuation(
    areas: dict[str, Area],
) -> None:
    lamp = await _proposal(areas, "村东头安装太阳能路灯")
    road = await _proposal(areas, "修路", body="村南道路硬化工程，共八百米。")
    assert await _found("路灯") == [f"proposal:{lamp.id}"]
    assert await _found("硬化") == [f"proposal:{road.id}"]
    assert await _found("“硬化”，") == [f"proposal:{road.id}"]  # full-width punctuation
    assert await _found("太阳能路灯！") == [f"proposal:{lamp.id}"]
    assert await _found("路灯 硬化") == []  # every word must be found
    assert await _found("，。！") == []


async def test_full_width_letters_find_half_width_ones(areas: dict[str, Area]) -> None:
    lamp = await _proposal(areas, "更换LED路灯")
    assert await _found("ＬＥＤ") == [f"proposal:{lamp.id}"]


async def test_a_title_hit_ranks_above_a_body_hit(areas: dict[str, Area]) -> None:
    body_hit = await _proposal(areas, "村内环境整治", body="清理垃圾，顺便安装路灯两盏。")
    title_hit = await _proposal(areas, "安装路灯")
    assert await _found("路灯") == [f"proposal:{title_hit.id}", f"proposal:{body_hit.id}"]


async def test_a_draft_is_never_found_and_a_submission_is_found_at_its_commit(
    areas: dict[str, Area],
) -> None:
    draft = await _proposal(areas, "硬化村西道路", status=ProposalStatus.DRAFT)
    assert await _found("硬化") == []
    process = await Process.get(id=draft.process_id)
    actor = await load_principal(draft.author_id)
    assert actor is not None
    await proposal_services.proposal_submit(actor, draft, process)
    assert await _found("硬化") == [f"proposal:{draft.id}"]


async def test_an_index_write_rolls_back_with_its_write(areas: dict[str, Area]) -> None:
    draft = await _proposal(areas, "硬化村西道路", status=ProposalStatus.DRAFT)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await ProposalStatusUpdate.submit(draft.id)
            assert await _found("硬化") == [f"proposal:{draft.id}"]  # seen inside
            raise RuntimeError("the write fails after the index was updated")
    assert await _found("硬化") == []
    assert not await SearchDocument.exists(kind="proposal", ref_id=draft.id)


class ProposalStatusUpdate:
    @staticmethod
    async def submit(proposal_id: int) -> None:
        from projects.models import Proposal

        await Proposal.filter(id=proposal_id).update(status=ProposalStatus.SUBMITTED)
        await index.refresh("proposal", proposal_id)


async def test_a_hidden_opinion_is_never_found(areas: dict[str, Area]) -> None:
    topic = await make_topic(areas[VILLAGE], body="关于加装电梯的办法")
    resident = await make_user("13900000021", Role.RESIDENT, home=areas[VILLAGE])
    official = await make_user("13800000021", Role.OFFICIAL, scope=areas[VILLAGE])
    opinion = await make_opinion(topic, resident, body="建议在楼道安装感应路灯")
    await index.refresh("opinion", opinion.id)
    assert await _found("路灯") == [f"opinion:{opinion.id}"]
    actor = await load_principal(official.id)
    assert actor is not None
    await comment_services.comment_hide(actor, comment=opinion, reason="广告")
    assert await _found("路灯") == []


async def test_a_draft_topic_and_its_text_are_never_found(areas: dict[str, Area]) -> None:
    draft = await make_topic(areas[VILLAGE], TopicStatus.DRAFT, title="路灯管理办法")
    await index.refresh("topic", draft.id)
    assert await _found("路灯") == []
    published = await make_topic(areas[VILLAGE], title="路灯管理办法（征求意见稿）")
    await index.refresh("topic", published.id)
    assert await _found("路灯") == [f"topic:{published.id}"]


async def test_only_public_letters_are_found_and_the_writer_is_masked(
    areas: dict[str, Area],
) -> None:
    writer = await make_writer(areas[VILLAGE])  # 张桂兰
    private = await make_letter(writer, areas[VILLAGE], status=LetterStatus.ACCEPTED)
    waiting = await make_letter(writer, areas[VILLAGE], is_public=True)  # not yet accepted
    public = await make_letter(
        writer,
        areas[VILLAGE],
        is_public=True,
        show_name=True,
        status=LetterStatus.ACCEPTED,
        text="村东头路灯坏了，联系我 13912345678。",
    )
    for letter in (private, waiting, public):
        await index.refresh("letter", letter.id)
    results = await search("路灯", Filters())
    assert [hit.ref_id for hit in results.hits] == [public.id]
    shown = str(results.hits[0].snippet)
    assert "张**" in shown and "张桂兰" not in shown and "13912345678" not in shown
    assert await _found("张桂兰") == []
    assert await _found("13912345678") == []


async def test_results_are_found_only_after_voting_closed(areas: dict[str, Area]) -> None:
    process = await make_process(areas[STREET], Phase.VOTING, name="2027 年度路灯专项")
    await index.refresh("result", process.id)
    assert await _found("路灯专项") == []
    await Process.filter(id=process.id).update(phase=Phase.TALLYING)
    await index.refresh("result", process.id)
    assert await _found("路灯专项") == [f"result:{process.id}"]


async def test_an_embargo_that_ends_by_time_is_checked_when_searching(
    areas: dict[str, Area],
) -> None:
    later = clock.now() + dt.timedelta(hours=2)
    await index.put(
        "topic",
        99,
        index.Document(url="/x", title="路灯公告", body="", year=2027, visible_from=later),
    )
    assert await _found("路灯") == []
    assert await _found("路灯", now=later + dt.timedelta(seconds=1)) == ["topic:99"]


async def test_filters_by_kind_area_year_and_status(areas: dict[str, Area]) -> None:
    lamp = await _proposal(areas, "安装路灯")
    other = await make_user("13900000031", Role.RESIDENT, home=areas[NEIGHBOUR])
    process = await make_process(areas[STREET], Phase.COLLECTING)
    there = await make_proposal(
        process, areas[NEIGHBOUR], other, ProposalStatus.REJECTED, title="前屯路灯"
    )
    await index.refresh("proposal", there.id)
    topic = await make_topic(areas[VILLAGE], title="路灯维护意见")
    await index.refresh("topic", topic.id)
    village_path = areas[VILLAGE].path
    assert await _found("路灯", Filters(kind="topic")) == [f"topic:{topic.id}"]
    assert set(await _found("路灯", Filters(area_path=village_path))) == {
        f"proposal:{lamp.id}",
        f"topic:{topic.id}",
    }
    assert await _found("路灯", Filters(status="rejected")) == [f"proposal:{there.id}"]
    year = clock.today().year
    assert len(await _found("路灯", Filters(year=year))) == 3
    assert await _found("路灯", Filters(year=year - 5)) == []


async def test_reindex_rebuilds_what_the_services_did_not_write(areas: dict[str, Area]) -> None:
    lamp = await _proposal(areas, "安装路灯")
    await SearchDocument.all().delete()
    await index.put("proposal", 123456, index.Document(url="/x", title="路灯", body="", year=1))
    assert await _found("路灯") == ["proposal:123456"]
    counts = await rebuild_all()
    assert counts["proposal"] == 1
    assert await _found("路灯") == [f"proposal:{lamp.id}"]
