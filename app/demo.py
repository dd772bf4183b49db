"""Demo orchestration (``yishi demo``): the kernel's district and people, then each domain
package's demo data in the order the budget year flows; each step returns lines to print."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from accountability.implementation import demo as implementation_demo
from consult import demo as consult_demo
from core import audit, db, migrations, settings
from core.demo import DISTRICT_CODE, create_demo_areas, create_demo_people
from core.models import Area
from core.search import rebuild as search_rebuild
from insight import demo as insight_demo
from letters import demo as letters_demo
from notify import demo as notify_demo
from projects import demo as projects_demo
from residents import demo as residents_demo
from votes.ballots import demo as ballots_demo
from votes.results import demo as results_demo
from votes.sealing import demo as sealing_demo

DemoStep = Callable[[], Awaitable[list[str]]]


async def load_into_open_database() -> list[str]:
    """The demo district, into the database already open (tests use it too)."""
    if await Area.exists(code=DISTRICT_CODE):
        return ["演示数据已存在，未重复载入。"]
    async with in_transaction():
        areas = await create_demo_areas()
        people = await create_demo_people(areas)
        await audit.record(None, "demo.load", ("area", DISTRICT_CODE), "载入演示数据")
    lines = [
        "已载入演示区：槐荫区（3 个街道/镇，8 个村/社区）",
        "演示账户：",
        *people,
        f"  所有演示账户的密码：{settings.DEMO_PASSWORD}",
    ]
    for step in _package_steps():
        lines += await step()
    return lines


def _package_steps() -> list[DemoStep]:
    """Each package's demo data, in the order the budget year flows."""
    return [
        residents_demo.load,  # rosters first: no roster is imported while a process is voting
        projects_demo.load,
        consult_demo.load,
        letters_demo.load,
        sealing_demo.load,
        ballots_demo.load,
        results_demo.load,
        implementation_demo.load,
        insight_demo.load,  # after every write the dashboard counts
        notify_demo.load,  # every demo person exists; says where SMS go
        _search_index,  # last: demo steps that write past the services are found too
    ]


async def _search_index() -> list[str]:
    counts = await search_rebuild.rebuild_all()
    return [f"搜索索引：{sum(counts.values())} 条"]


async def load_demo() -> list[str]:
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    await migrations.apply()
    await db.open_database()
    try:
        return await load_into_open_database()
    finally:
        await Tortoise.close_connections()
