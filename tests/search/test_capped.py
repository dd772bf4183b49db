"""Past the count's cap: "超过 … 条", what is hidden never counted, the newest matches in
the newest id buckets (PostgreSQL's windows), and an old title hit still first."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from consult_factories import make_opinion, make_topic
from letter_factories import VILLAGE
from project_factories import make_process, make_proposal
from support import make_user

from app import wiring
from comments import services as comment_services
from consult.models import TopicStatus
from core import clock
from core.models import Area, Role
from core.principal import load_principal
from core.search import index, query, statements
from core.search.models import SearchDocument
from core.search.query import Filters, search
from projects.models import Phase, ProposalStatus

STREET = "370104013000"


@pytest.fixture(autouse=True)
def _sources() -> None:
    wiring.install()


async def _proposals(areas: dict[str, Area], titles: list[str], **extra: object) -> list[int]:
    process = await make_process(areas[STREET], Phase.COLLECTING)
    mobile = f"1390000{await SearchDocument.all().count() + len(titles):04d}"
    author = await make_user(mobile, Role.RESIDENT, home=areas[VILLAGE])
    status = extra.pop("status", ProposalStatus.SUBMITTED)
    made = []
    for title in titles:
        proposal = await make_proposal(
            process, areas[VILLAGE], author, status, title=title, summary="", **extra
        )
        await index.refresh("proposal", proposal.id)
        made.append(proposal.id)
    return made


async def test_past_the_cap_the_count_says_more_than(
    client: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    await _proposals(areas, [f"第{n}处路灯" for n in range(5)])
    results = await search("路灯", Filters())
    assert (results.total, results.capped, results.pages) == (3, True, 1)
    assert len(results.hits) >= 4  # the candidates past the cap are ranked, not dropped
    page = await client.get("/search", params={"q": "路灯"})
    assert "找到超过 3 条结果，可以加上区域、年份或更多关键词缩小范围" in page.text
    monkeypatch.setattr(query, "COUNT_CAP", 5)
    results = await search("路灯", Filters())
    assert (results.total, results.capped) == (5, False)
    page = await client.get("/search", params={"q": "路灯", "page": "1"})  # not the kept one
    assert "找到 5 条结果" in page.text


async def test_what_the_pages_hide_is_never_found_nor_counted(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "COUNT_CAP", 2)
    shown = await _proposals(areas, ["安装路灯", "路灯维修"])
    await _proposals(areas, ["路灯草稿一", "路灯草稿二"], status=ProposalStatus.DRAFT)
    topic = await make_topic(areas[VILLAGE], body="关于加装电梯的办法")
    draft = await make_topic(areas[VILLAGE], TopicStatus.DRAFT, title="路灯管理办法")
    await index.refresh("topic", draft.id)
    resident = await make_user("13900000078", Role.RESIDENT, home=areas[VILLAGE])
    official = await make_user("13800000078", Role.OFFICIAL, scope=areas[VILLAGE])
    opinion = await make_opinion(topic, resident, body="建议在楼道安装感应路灯")
    await index.refresh("opinion", opinion.id)
    actor = await load_principal(official.id)
    assert actor is not None
    await comment_services.comment_hide(actor, comment=opinion, reason="广告")
    later = clock.now() + dt.timedelta(hours=2)
    embargoed = index.Document(url="/x", title="路灯公告", body="", year=2027, visible_from=later)
    await index.put("topic", 99, embargoed)
    results = await search("路灯", Filters())
    assert (results.total, results.capped) == (2, False)  # none of the five counted
    assert {hit.ref_id for hit in results.hits} == set(shown)
    assert {hit.kind for hit in results.hits} == {"proposal"}


async def _document(doc_id: int, title: str, body: str = "") -> None:
    document = index.Document(url=f"/x/{doc_id}", title=title, body=body, year=2027)
    await SearchDocument.create(id=doc_id, kind="topic", ref_id=doc_id, **index.columns(document))


async def test_the_newest_buckets_first_and_an_old_title_hit_still_ranks_first(
    clean_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bucket = 1 << statements.BUCKET_BITS
    await _document(5, "安装路灯")  # the oldest, and the only title hit
    for doc_id in (bucket + 5, 2 * bucket + 5, 3 * bucket + 5, 3 * bucket + 6):
        await _document(doc_id, "村内环境整治", body="清理垃圾，顺便修好路灯。")
    assert statements.windows(3 * bucket + 6) == [[3, 2], [1, 0]]
    monkeypatch.setattr(query, "COUNT_CAP", 2)
    results = await search("路灯", Filters())
    assert (results.total, results.capped) == (2, True)
    # On PostgreSQL the candidates are the newest three (the first window) and the title
    # hit its title-only window found; SQLite ranks all five. The first four agree.
    found = [hit.ref_id for hit in results.hits][:4]
    assert found == [5, 3 * bucket + 6, 3 * bucket + 5, 2 * bucket + 5]


def test_windows_go_back_from_the_newest_bucket_to_the_first() -> None:
    assert statements.windows(0) == [[0]]
    found = statements.windows((99 << statements.BUCKET_BITS) + 5)  # buckets 99 … 0
    assert found[:2] == [[99, 98], [97, 96, 95, 94]]
    assert [len(window) for window in found] == [2, 4, 8, 12, 12, 12, 12, 12, 12, 12, 2]
    assert [b for window in found for b in window] == list(range(99, -1, -1))
    covered = [b for window in statements.windows(10_000_000) for b in window]
    assert covered == list(range(10_000_000 >> statements.BUCKET_BITS, -1, -1))
