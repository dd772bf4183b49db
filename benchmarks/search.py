"""Search at district scale: 100,000 proposals and letters on PostgreSQL.

    .venv/bin/python benchmarks/search.py [--documents 100000] [--queries 400]
                                          [--writes 300] [--keep | --reuse URL]
                                          [--url postgres://root@127.0.0.1:5432/postgres]

Seeds a throw-away PostgreSQL database (the demo district; 60 % proposals and 40 % public
letters made of the domain's phrases and 300 village names, so the common words — 路灯,
硬化 — match thousands of rows and the rare ones a few). One document in a hundred is
indexed through its source (``index.refresh``: jieba, the tsvector, the GIN index), the
rest COPYed from rows built the same way, which the sample checks column for column.
Then times ``core.search.query.search`` — what the /search page calls: ranked, counted,
with snippets — over a mix of queries with and without filters, each beside the baseline
(main's statement before Session 7, every match ranked and counted), alternating which
runs first; prints p50/p95 of both and how many first pages are the same. Then the
write cost of indexing in the same transaction: a proposal's status change as the review
service writes it (lock, save), with and without ``index.refresh`` in its transaction,
alternated, and the ratio of the medians. ``--keep`` keeps the database; ``--reuse URL``
times the searches on a kept one.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROJECTS = [
    "安装太阳能路灯",
    "道路硬化工程",
    "修建文化广场",
    "饮水管网改造",
    "垃圾分类收集点",
    "养老幸福院建设",
    "小学操场翻新",
    "排水沟清淤",
    "危桥加固",
    "公共厕所改造",
    "健身器材更新",
    "河道整治",
    "绿化美化",
    "停车场扩建",
    "村史馆修缮",
    "路灯维修",
    "自来水入户",
    "村内道路拓宽",
    "老年食堂",
    "污水处理站",
]
SENTENCES = [
    "雨天泥泞，出行困难，群众反映强烈。",
    "经村民会议讨论，按一事一议筹资筹劳。",
    "晚上没有照明，老人孩子出门不安全。",
    "项目建成后受益群众约八百人。",
    "村民自愿筹资，申请财政奖补。",
    "路面破损严重，多处坑洼积水。",
    "夏季蚊虫多，气味大。",
    "希望尽快安排施工，争取年内完工。",
    "已征得沿线住户同意，不涉及拆迁。",
    "原有设施老化，存在安全隐患。",
    "村里老人多，需要一个活动场所。",
    "建议采用太阳能，节约电费。",
    "公示期间无异议。",
    "由村委会组织实施，接受群众监督。",
    "去年已完成勘测设计。",
    "周边三个村民小组共同受益。",
]
LETTER_SUBJECTS = [
    "村东头路灯坏了",
    "道路硬化后排水不畅",
    "自来水水压低",
    "垃圾清运不及时",
    "广场噪音扰民",
    "桥面裂缝需维修",
    "申请增设公交站",
    "幸福院饭菜质量",
    "河道有人倾倒垃圾",
]
QUERIES = [
    "路灯",
    "硬化",
    "太阳能路灯",
    "道路硬化",
    "一事一议",
    "饮水",
    "幸福院",
    "排水 清淤",
    "路灯 坏了",
    "健身器材",
    "危桥",
    "村史馆",
    "公示",
    "自来水",
    "噪音",
    "垃圾 分类",
    "财政奖补",
    "老年食堂",
    "停车场",
    "施工 年内",
]


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", default="", help="a kept database's URL: time only")
    parser.add_argument("--url", default="postgres://root@127.0.0.1:5432/postgres")
    return parser.parse_args()


def village_names(rng: random.Random) -> list[str]:
    first, second = "东西南北前后上下大小新老高李王张刘陈杨赵黄周吴", "屯庄营寨店河桥湾岭沟坡集堡"
    names = {f"{rng.choice(first)}{rng.choice(first)}{rng.choice(second)}村" for _ in range(900)}
    return sorted(names)[:300]


def text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(n))


async def seed(url: str, documents: int) -> tuple[list[int], dict[str, float]]:
    """The source rows in bulk, then the index: every ``REAL_EVERY``-th document through its
    source (``index.refresh``, the path the services take), the rest COPYed from rows built
    here — checked equal, column for column, to what the source wrote for the sample."""
    from core import db
    from core.demo import create_demo_areas
    from core.models import Area, AreaKind, User
    from core.search import index
    from letters.models import Letter, LetterKind, LetterStatus
    from projects.models import Category, Phase, Process, Proposal, ProposalStatus

    rng = random.Random(2027)
    timings: dict[str, float] = {}
    await db.open_database(url)
    try:
        started = time.perf_counter()
        areas = await create_demo_areas()
        street = areas["370104013000"]
        villages = [
            await Area.create(
                code=f"3701040139{n:02d}" if n < 100 else f"370104014{n:03d}",
                name=name,
                kind=AreaKind.VILLAGE,
                parent=street,
                path=f"{street.path}{n:03d}/",
            )
            for n, name in enumerate(village_names(rng))
        ]
        author = await User.create(name="王秀英", mobile="13600000000", password_hash="-")
        process = await Process.create(
            name="区级压测",
            area=areas["370104000000"],
            phase=Phase.REVIEWING,
            budget_fen=600_000_000,
            voting_method="approval",
            tally_rule="greedy",
        )
        proposals = documents * 6 // 10
        await Proposal.bulk_create(
            [
                Proposal(
                    process=process,
                    area=(v := rng.choice(villages)),
                    author=author,
                    title=f"{v.name}{rng.choice(PROJECTS)}",
                    summary=text(rng, 1),
                    body=text(rng, rng.randint(2, 6)),
                    category=rng.choice(list(Category)),
                    status=ProposalStatus.SUBMITTED,
                )
                for _ in range(proposals)
            ],
            batch_size=2000,
        )
        today = dt_today()
        await Letter.bulk_create(
            [
                Letter(
                    writer=author,
                    area=rng.choice(villages),
                    kind=LetterKind.SUGGEST,
                    subject=rng.choice(LETTER_SUBJECTS),
                    text=text(rng, rng.randint(2, 5)),
                    is_public=True,
                    show_name=True,
                    status=LetterStatus.ACCEPTED,
                    received_on=today,
                    accept_due=today,
                    reply_due=today,
                )
                for _ in range(documents - proposals)
            ],
            batch_size=2000,
        )
        timings["source rows"] = time.perf_counter() - started
        started = time.perf_counter()
        places = {a.id: a for a in [*villages, *areas.values()]}
        await index.learn_area_names()  # the village names cut whole, as the sources do
        rows = await proposal_rows(places) + await letter_rows(places)
        timings["rows built"] = time.perf_counter() - started
        started = time.perf_counter()
        real = await index_real_sample(rows)
        timings["through the sources"] = time.perf_counter() - started
        timings["real documents"] = real
        started = time.perf_counter()
        await copy_rows(url, rows)
        timings["COPY"] = time.perf_counter() - started
        sample = [
            int(i) for i in await Proposal.all().limit(args_writes).values_list("id", flat=True)
        ]
    finally:
        await db.close_database()
    started = time.perf_counter()
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return sample, timings


REAL_EVERY = 100  # one document in a hundred is indexed through its source
COLUMNS = [
    "kind",
    "ref_id",
    "url",
    "title",
    "body",
    "title_words",
    "body_words",
    "area_path",
    "area_name",
    "year",
    "status",
    "visible_from",
    "updated_at",
]


_pieces: dict[str, str] = {}


def segmented(text: str) -> str:
    """``segmenter.segmented`` a sentence at a time, each distinct sentence cut once (the
    seed has a few hundred): jieba cuts at 。 and line ends anyway, so the words are the
    same — which the sample indexed through the sources checks."""
    from core.search import segmenter

    words = []
    for piece in re.split(r"(?<=[。\n])", text):
        if piece not in _pieces:
            _pieces[piece] = segmenter.segmented(piece)
        if _pieces[piece]:
            words.append(_pieces[piece])
    return " ".join(words)


def row(kind: str, ref_id: int, document: Any) -> dict[str, Any]:
    """``index.columns`` of a document, with the memoised segmenter."""
    from core import clock

    return {
        "kind": kind,
        "ref_id": ref_id,
        "url": document.url,
        "title": document.title[:200],
        "body": document.body,
        "title_words": segmented(document.title),
        "body_words": segmented(document.body),
        "area_path": document.area_path,
        "area_name": document.area_name[:64],
        "year": document.year,
        "status": document.status,
        "visible_from": None,
        "updated_at": clock.now(),
    }


async def proposal_rows(places: dict[int, Any]) -> list[dict[str, Any]]:
    """What ``projects.search.proposal_document`` makes of each seeded proposal."""
    from core.clock import china_date
    from core.search.index import Document
    from projects.models import Process, Proposal

    years = {p.id: china_date(p.created_at).year for p in await Process.all()}
    found = (
        await Proposal.all()
        .order_by("id")
        .values("id", "title", "summary", "location", "body", "area_id", "process_id", "status")
    )
    rows = []
    for p in found:
        area = places[p["area_id"]]
        body = "\n".join(part for part in (p["summary"], p["location"], p["body"]) if part)
        document = Document(
            url=f"/proposals/{p['id']}",
            title=p["title"],
            body=body,
            year=years[p["process_id"]],
            area_path=area.path,
            area_name=area.name,
            status=str(getattr(p["status"], "value", p["status"])),
        )
        rows.append(row("proposal", p["id"], document))
    return rows


async def letter_rows(places: dict[int, Any]) -> list[dict[str, Any]]:
    """What ``letters.search.letter_document`` makes of each seeded letter (public, one
    writer who shows a name, no replies yet)."""
    from core.clock import china_date
    from core.models import User
    from core.search.index import Document
    from letters.masking import mask_text, masked_name
    from letters.models import Letter

    names = {u.id: u.name for u in await User.all()}
    found = (
        await Letter.all()
        .order_by("id")
        .values("id", "subject", "text", "area_id", "writer_id", "created_at", "status")
    )
    rows = []
    for letter in found:
        area = places[letter["area_id"]]
        writer = masked_name(names[letter["writer_id"]])
        document = Document(
            url=f"/letters/{letter['id']}",
            title=mask_text(letter["subject"]),
            body="\n".join([f"来信人：{writer}", mask_text(letter["text"])]),
            year=china_date(letter["created_at"]).year,
            area_path=area.path,
            area_name=area.name,
            status=str(getattr(letter["status"], "value", letter["status"])),
        )
        rows.append(row("letter", letter["id"], document))
    return rows


async def index_real_sample(rows: list[dict[str, Any]]) -> int:
    """Every ``REAL_EVERY``-th row indexed by ``index.refresh`` in its own transaction, as a
    service does; the row it wrote must equal the one built here (else the COPYed rest
    would not be what the sources make). Those rows are then left out of the COPY."""
    from tortoise.transactions import in_transaction

    from core.search import index
    from core.search.models import SearchDocument

    await index.learn_area_names()
    sample = rows[::REAL_EVERY]
    for built in sample:
        async with in_transaction():
            await index.refresh(built["kind"], built["ref_id"])
    written = {
        (r["kind"], r["ref_id"]): r
        for r in await SearchDocument.all().values(*COLUMNS[:-2], "visible_from")
    }
    for built in sample:
        stored = written[(built["kind"], built["ref_id"])]
        differs = [c for c in COLUMNS[:-1] if stored[c] != built[c]]
        assert not differs, f"{built['kind']} {built['ref_id']}: {differs} differ"
    del rows[::REAL_EVERY]
    return len(sample)


async def copy_rows(url: str, rows: list[dict[str, Any]]) -> None:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.copy_records_to_table(
            "search_document",
            records=[tuple(r[c] for c in COLUMNS) for r in rows],
            columns=COLUMNS,
        )
    finally:
        await conn.close()


def dt_today():  # type: ignore[no-untyped-def]
    from core import clock

    return clock.today()


# main's statement before Session 7 (every match ranked and counted): timed beside the
# new one in the same run, and the judge of result quality (the same first page?).
BASELINE = """
SELECT d.kind, d.ref_id, d.url, d.title, d.body, d.area_name, d.year, d.status,
       ts_rank(d.tsv, q) AS rank, count(*) OVER () AS total
FROM search_document d, plainto_tsquery('simple', $1) q
WHERE d.tsv @@ q
      AND (d.visible_from IS NULL OR d.visible_from <= $2)
      AND ($3 = '' OR d.kind = $3)
      AND ($4 = 0 OR d.year = $4)
      AND ($5 = '' OR d.status = $5)
      AND ($6 = '' OR d.area_path LIKE $6)
ORDER BY rank DESC, d.id DESC
LIMIT $7 OFFSET $8
"""


async def baseline_search(text: str, filters: Any, page: int) -> list[Any]:
    """What ``query.search`` did before: the same words, filters, snippets."""
    from core import clock, sql
    from core.search import query
    from core.search.segmenter import query_words

    words = query_words(text)
    rows = await sql.fetch(
        BASELINE,
        " ".join(words),
        clock.now(),
        filters.kind,
        filters.year,
        filters.status,
        f"{filters.area_path}%" if filters.area_path else "",
        query.PAGE_SIZE,
        (page - 1) * query.PAGE_SIZE,
    )
    return [query._hit(row, words) for row in rows]


async def time_queries(url: str, count: int) -> dict[str, Any]:
    """Each query twice, the baseline and ``query.search``, alternating which goes first."""
    from core import db
    from core.models import Area
    from core.search.query import Filters, search

    rng = random.Random(7)
    await db.open_database(url)
    try:
        street = await Area.get(code="370104013000")
        choices = [
            Filters(),
            Filters(kind="letter"),
            Filters(area_path=street.path),
            Filters(kind="proposal", status="submitted"),
        ]
        await search("路灯", Filters())  # the dictionary loads once per process, not per query
        times: dict[str, list[float]] = {"baseline": [], "search": []}
        same = first_pages = capped = 0
        for n in range(count):
            words, filters = rng.choice(QUERIES), rng.choice(choices)
            page = rng.choice([1, 1, 1, 2, 5])
            for which in ("baseline", "search") if n % 2 else ("search", "baseline"):
                started = time.perf_counter()
                if which == "search":
                    results = await search(words, filters, page)
                else:
                    before = await baseline_search(words, filters, page)
                times[which].append(time.perf_counter() - started)
            capped += results.capped
            if page == 1:
                first_pages += 1
                same += [h.ref_id for h in results.hits] == [h.ref_id for h in before]
        return {"times": times, "same": same, "first pages": first_pages, "capped": capped}
    finally:
        await db.close_database()


async def time_writes(url: str, ids: list[int]) -> tuple[list[float], list[float]]:
    from tortoise.transactions import in_transaction

    from core import db
    from core.search import index
    from projects.models import Proposal, ProposalStatus

    async def review(proposal_id: int, indexed: bool) -> float:
        started = time.perf_counter()
        async with in_transaction():
            locked = await Proposal.select_for_update().get(id=proposal_id)
            locked.status = ProposalStatus.ACCEPTED
            locked.official_answer = "经审核，同意列入投票。"
            await locked.save()
            if indexed:
                await index.refresh("proposal", locked.id)
        return time.perf_counter() - started

    await db.open_database(url)
    try:
        plain, indexed = [], []
        for n, proposal_id in enumerate(ids):
            (indexed if n % 2 else plain).append(await review(proposal_id, bool(n % 2)))
        return plain, indexed
    finally:
        await db.close_database()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    global args_writes
    args = options()
    args_writes = args.writes
    from app import wiring

    wiring.install()
    name = f"yishi_search_{uuid.uuid4().hex[:8]}"
    admin = args.url.replace("postgres://", "postgresql://", 1)

    async def admin_sql(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    if args.reuse:  # a database kept by --keep: the searches only
        report_searches(args.reuse, args.queries)
        return
    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    url = args.url.rsplit("/", 1)[0] + f"/{name}"
    try:
        ids = seed_and_report(url, args.documents)
        report_searches(url, args.queries)
        plain, indexed = asyncio.run(time_writes(url, ids))
        p, i = statistics.median(plain), statistics.median(indexed)
        print(
            f"status change, {len(plain)} each: without the index {ms(p)}, "
            f"with it in the same transaction {ms(i)} (×{i / p:.2f})"
        )
    finally:
        if args.keep:
            print(f"kept: {url}")
        else:
            asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}"'))


def seed_and_report(url: str, documents: int) -> list[int]:
    from core import migrations
    from core.search import segmenter

    asyncio.run(migrations.apply(url))
    started = time.perf_counter()
    ids, timings = asyncio.run(seed(url, documents))
    real = int(timings.pop("real documents"))
    print(
        f"{documents:,} documents seeded in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in timings.items())
    )
    through = timings["through the sources"]
    print(
        f"{real:,} of them indexed through the sources ({through / real * 1000:.1f} ms "
        "each), the rest COPYed: the sample's rows equal the COPYed rows' recipe"
    )
    print(f"jieba dictionary load: {segmenter.LOADED['seconds']:.2f} s (once per process)")
    return ids


def report_searches(url: str, count: int) -> None:
    measured = asyncio.run(time_queries(url, count))
    for which, times in measured["times"].items():
        cuts = statistics.quantiles(times, n=100)
        print(
            f"{which}, {len(times)} queries: p50 {ms(cuts[49])}, p95 {ms(cuts[94])}, "
            f"max {ms(max(times))}"
        )
    print(
        f"first pages the same as the baseline's: {measured['same']} of "
        f"{measured['first pages']}; counts capped at 1,000: {measured['capped']}"
    )


args_writes = 300

if __name__ == "__main__":
    main()
