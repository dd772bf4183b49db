"""Search at district scale: 100,000 proposals and letters on PostgreSQL.

    .venv/bin/python benchmarks/search.py [--documents 100000] [--queries 400]
                                          [--url postgres://root@127.0.0.1:5432/postgres]

Seeds a throw-away PostgreSQL database (the demo district; 60 % proposals and 40 % public
letters made of the domain's phrases and 300 village names, so the common words — 路灯,
硬化 — match thousands of rows and the rare ones a few), indexes them through the sources
(jieba, the tsvector, the GIN index), then times ``core.search.query.search`` — what the
/search page calls: ranked, counted, with snippets — over a mix of queries with and without
filters, and prints p50/p95. Then the write cost of indexing in the same transaction: a
proposal's status change as the review service writes it (lock, save), with and without
``index.refresh`` in its transaction, alternated, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

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
    parser.add_argument("--url", default="postgres://root@127.0.0.1:5432/postgres")
    return parser.parse_args()


def village_names(rng: random.Random) -> list[str]:
    first, second = "东西南北前后上下大小新老高李王张刘陈杨赵黄周吴", "屯庄营寨店河桥湾岭沟坡集堡"
    names = {f"{rng.choice(first)}{rng.choice(first)}{rng.choice(second)}村" for _ in range(900)}
    return sorted(names)[:300]


def text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(n))


async def seed(url: str, documents: int) -> tuple[list[int], float]:
    from core import db
    from core.demo import create_demo_areas
    from core.models import Area, AreaKind, User
    from letters.models import Letter, LetterKind, LetterStatus
    from projects.models import Category, Phase, Process, Proposal, ProposalStatus

    rng = random.Random(2027)
    await db.open_database(url)
    try:
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
        started = time.perf_counter()
        await bulk_index(Proposal, "proposal")
        await bulk_index(Letter, "letter")
        indexing = time.perf_counter() - started
        sample = [
            int(i) for i in await Proposal.all().limit(args_writes).values_list("id", flat=True)
        ]
    finally:
        await db.close_database()
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return sample, indexing


async def bulk_index(model: type, kind: str) -> None:
    """The sources' documents, segmented as ``index.put`` does, written 2,000 rows at a
    time (a per-row refresh of 100,000 rows took ~45 min on the shared machine)."""
    from core.search import index
    from core.search.models import SearchDocument

    await index.learn_area_names()
    source = index.SOURCES[kind]
    async for ids in source.all_ids():
        rows = []
        for ref_id in ids:
            document = await source.document(ref_id)
            assert document is not None
            rows.append(SearchDocument(kind=kind, ref_id=ref_id, **index.columns(document)))
        await SearchDocument.bulk_create(rows, batch_size=2000)


def dt_today():  # type: ignore[no-untyped-def]
    from core import clock

    return clock.today()


async def time_queries(url: str, count: int) -> list[float]:
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
        times = []
        for _ in range(count):
            words, filters = rng.choice(QUERIES), rng.choice(choices)
            page = rng.choice([1, 1, 1, 2, 5])
            started = time.perf_counter()
            await search(words, filters, page)
            times.append(time.perf_counter() - started)
        return times
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
    from core import migrations
    from core.search import segmenter

    wiring.install()
    name = f"yishi_search_{uuid.uuid4().hex[:8]}"
    admin = args.url.replace("postgres://", "postgresql://", 1)

    async def admin_sql(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    url = args.url.rsplit("/", 1)[0] + f"/{name}"
    try:
        asyncio.run(migrations.apply(url))
        started = time.perf_counter()
        ids, indexing = asyncio.run(seed(url, args.documents))
        print(
            f"{args.documents:,} documents seeded in {time.perf_counter() - started:.0f} s "
            f"(indexing through the sources: {indexing:.0f} s, "
            f"{indexing / args.documents * 1000:.2f} ms each)"
        )
        print(f"jieba dictionary load: {segmenter.LOADED['seconds']:.2f} s (once per process)")
        times = asyncio.run(time_queries(url, args.queries))
        cuts = statistics.quantiles(times, n=100)
        print(
            f"search, {len(times)} queries: p50 {ms(cuts[49])}, p95 {ms(cuts[94])}, "
            f"max {ms(max(times))}"
        )
        plain, indexed = asyncio.run(time_writes(url, ids))
        p, i = statistics.median(plain), statistics.median(indexed)
        print(
            f"status change, {len(plain)} each: without the index {ms(p)}, "
            f"with it in the same transaction {ms(i)} (×{i / p:.2f})"
        )
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}"'))


args_writes = 300

if __name__ == "__main__":
    main()
