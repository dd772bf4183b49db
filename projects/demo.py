"""Demo data for the projects package: a process collecting and one voting, with ~30
proposals across the demo villages, supports, and reviews (``yishi demo``).

Dates follow each process's phases as a real year would: proposals come in over the
collecting weeks after their village meetings, reviews land between collecting and voting,
and comments and supports follow their proposal over the days after it was submitted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from comments import notices as comment_notices
from comments.models import Comment, Stance
from core import clock
from core.clock import CHINA
from core.models import Area, Role, RoleGrant, User
from projects import notices
from projects.demo_talk import TALK
from projects.meeting import MeetingKind
from projects.models import (
    Category,
    Feasibility,
    Heading,
    Phase,
    PhaseLog,
    Process,
    Proposal,
    ProposalStatus,
    Support,
    TallyRule,
    VotingMethod,
)
from projects.subjects import proposal_subject

C = Category
# (village code, title, category, summary, total ¥, villager funds ¥, labour days,
#  donations ¥, requested ¥, people, households)
PROPOSALS = [
    (
        "370104013201",
        "村东主路硬化 800 米",
        C.ROAD,
        "村东土路雨天泥泞，硬化为 4 米宽水泥路。",
        420000,
        60000,
        300,
        20000,
        300000,
        1200,
        410,
    ),
    (
        "370104013201",
        "安装太阳能路灯 40 盏",
        C.LIGHTING,
        "主街和小学门口夜间无照明，安装太阳能路灯。",
        96000,
        16000,
        40,
        0,
        80000,
        2310,
        760,
    ),
    (
        "370104013201",
        "老年食堂改造",
        C.ELDERLY,
        "为 70 岁以上老人提供午餐，改造闲置村委会平房。",
        180000,
        30000,
        120,
        30000,
        120000,
        260,
        210,
    ),
    (
        "370104013201",
        "村内垃圾分类收集点 6 处",
        C.SANITATION,
        "建设带顶棚的分类收集点，配备分类桶。",
        54000,
        9000,
        30,
        5000,
        40000,
        2310,
        760,
    ),
    (
        "370104013202",
        "自来水管网改造",
        C.WATER,
        "更换老化铸铁管 1.2 公里，解决夏季停水。",
        360000,
        50000,
        200,
        10000,
        300000,
        1480,
        505,
    ),
    (
        "370104013202",
        "文化广场健身器材",
        C.CULTURE,
        "在文化广场安装 12 件健身器材并铺设塑胶地面。",
        88000,
        12000,
        20,
        16000,
        60000,
        1480,
        505,
    ),
    (
        "370104013202",
        "排水沟清淤加盖",
        C.SANITATION,
        "清理村西排水沟 600 米并加盖板，防止积水。",
        130000,
        20000,
        150,
        0,
        110000,
        900,
        300,
    ),
    (
        "370104013202",
        "小学门口减速带与斑马线",
        C.ROAD,
        "设置减速带、斑马线和警示牌。",
        18000,
        3000,
        10,
        0,
        15000,
        600,
        200,
    ),
    (
        "370104013203",
        "村北生产路修缮",
        C.ROAD,
        "修补坑洼 1.5 公里，方便农机通行。",
        260000,
        40000,
        260,
        20000,
        200000,
        1100,
        380,
    ),
    (
        "370104013203",
        "幸福院适老化改造",
        C.ELDERLY,
        "加装扶手、防滑地面和无障碍坡道。",
        76000,
        10000,
        30,
        6000,
        60000,
        180,
        150,
    ),
    (
        "370104013203",
        "村卫生室饮水净化设备",
        C.WATER,
        "为卫生室和幸福院安装净水设备。",
        24000,
        4000,
        5,
        0,
        20000,
        1260,
        431,
    ),
    (
        "370104013203",
        "农家书屋更新",
        C.EDUCATION,
        "更新图书 2000 册，添置桌椅和照明。",
        35000,
        5000,
        10,
        10000,
        20000,
        1260,
        431,
    ),
    (
        "370104100201",
        "睦里庄主街路灯",
        C.LIGHTING,
        "主街 1.2 公里安装 LED 路灯 48 盏。",
        150000,
        20000,
        60,
        10000,
        120000,
        1905,
        642,
    ),
    (
        "370104100201",
        "村民文化活动室",
        C.CULTURE,
        "改造旧仓库为文化活动室，配备音响和座椅。",
        200000,
        30000,
        200,
        40000,
        130000,
        1905,
        642,
    ),
    (
        "370104100201",
        "引黄灌渠护坡",
        C.WATER,
        "加固灌渠护坡 500 米，防止汛期坍塌。",
        310000,
        45000,
        300,
        15000,
        250000,
        1300,
        450,
    ),
    (
        "370104100201",
        "幼儿园门前道路拓宽",
        C.ROAD,
        "拓宽至 6 米，增设接送临时停车位。",
        170000,
        25000,
        80,
        5000,
        140000,
        800,
        300,
    ),
    (
        "370104100202",
        "沙王村饮水井维修",
        C.WATER,
        "更换水泵和压力罐，修缮井房。",
        45000,
        7000,
        15,
        0,
        38000,
        1120,
        389,
    ),
    (
        "370104100202",
        "村内小游园",
        C.CULTURE,
        "在村口空地建设小游园，种植乡土树种。",
        120000,
        18000,
        160,
        12000,
        90000,
        1120,
        389,
    ),
    (
        "370104100202",
        "公厕改造 2 座",
        C.SANITATION,
        "改造为水冲式公厕并配备无障碍厕位。",
        98000,
        14000,
        40,
        4000,
        80000,
        1120,
        389,
    ),
    (
        "370104100202",
        "留守儿童课后托管室",
        C.EDUCATION,
        "改造村委会一楼为课后托管室。",
        65000,
        8000,
        20,
        12000,
        45000,
        150,
        120,
    ),
    (
        "370104100203",
        "西沙村环村路",
        C.ROAD,
        "新修环村路 1 公里，连接南北两片。",
        480000,
        70000,
        400,
        30000,
        380000,
        980,
        337,
    ),
    (
        "370104100203",
        "路灯维修更换",
        C.LIGHTING,
        "更换损坏灯头 25 个、线路 800 米。",
        32000,
        5000,
        10,
        0,
        27000,
        980,
        337,
    ),
    (
        "370104100203",
        "老年人日间照料中心",
        C.ELDERLY,
        "提供午休、理发、健康检测服务。",
        210000,
        30000,
        100,
        50000,
        130000,
        220,
        180,
    ),
    (
        "370104001001",
        "纬六路社区楼道照明",
        C.LIGHTING,
        "老旧小区 12 栋楼道更换声控灯。",
        36000,
        6000,
        0,
        0,
        30000,
        1800,
        720,
    ),
    (
        "370104001001",
        "社区长者助餐点",
        C.ELDERLY,
        "与周边餐馆合作设助餐点，补贴老人用餐。",
        90000,
        15000,
        0,
        15000,
        60000,
        400,
        350,
    ),
    (
        "370104001001",
        "小区垃圾分类亭",
        C.SANITATION,
        "建设 8 座智能分类亭。",
        120000,
        20000,
        0,
        20000,
        80000,
        6420,
        2510,
    ),
    (
        "370104001002",
        "振兴街社区口袋公园",
        C.CULTURE,
        "在拆违空地建设口袋公园和儿童游乐设施。",
        260000,
        40000,
        0,
        60000,
        160000,
        7180,
        2830,
    ),
    (
        "370104001002",
        "老旧小区雨污分流",
        C.WATER,
        "3 个小区雨污分流改造，解决返臭。",
        400000,
        60000,
        0,
        40000,
        300000,
        3000,
        1200,
    ),
    (
        "370104001002",
        "社区四点半课堂",
        C.EDUCATION,
        "为双职工家庭孩子提供课后看护。",
        48000,
        6000,
        0,
        12000,
        30000,
        300,
        280,
    ),
    (
        "370104001002",
        "无障碍坡道改造",
        C.ROAD,
        "为 15 个单元门口加装无障碍坡道。",
        60000,
        10000,
        0,
        5000,
        45000,
        900,
        600,
    ),
]
# A second vote, open for the demo residents to try: 预算内选择 (knapsack) over the district.
KNAPSACK_PROPOSALS = [
    (
        "370104013202",
        "村口候车亭",
        C.ROAD,
        "在村口公交站建设带座椅的候车亭。",
        60000,
        8000,
        20,
        2000,
        50000,
        1480,
        505,
    ),
    (
        "370104100202",
        "村内健身步道",
        C.CULTURE,
        "沿河修建 800 米健身步道并安装照明。",
        180000,
        20000,
        120,
        10000,
        150000,
        1120,
        389,
    ),
    (
        "370104001001",
        "社区充电桩",
        C.OTHER,
        "为电动自行车建设集中充电棚 3 处。",
        90000,
        20000,
        0,
        0,
        70000,
        6420,
        2510,
    ),
    (
        "370104100203",
        "自来水入户改造",
        C.WATER,
        "为 60 户老旧管线入户改造。",
        240000,
        40000,
        100,
        0,
        200000,
        240,
        60,
    ),
    (
        "370104013203",
        "文化墙与宣传栏",
        C.CULTURE,
        "绘制乡风文明文化墙，更新村务公开栏。",
        40000,
        5000,
        30,
        5000,
        30000,
        1260,
        431,
    ),
    (
        "370104001002",
        "小区停车位划线",
        C.ROAD,
        "重新规划停车位，增设 60 个车位。",
        50000,
        10000,
        0,
        0,
        40000,
        3000,
        1200,
    ),
]

BODY = (
    "一、现状：{summary}\n二、建设内容与标准：按相关技术规范实施，由村（居）务监督委员会全程监督。\n"
    "三、资金：村民筹资、筹劳和社会捐赠已落实，申请财政一事一议奖补。\n四、管护：建成后由村（社区）负责日常管护。"
)


def _fen(yuan: int) -> int:
    return yuan * 100


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A time of day in China, never later than now (the demo has no future records)."""
    return min(dt.datetime.combine(day, dt.time(hour, minute), CHINA), clock.now())


# When a process entered each phase, in days after collecting opened (as _process plans them).
PHASE_DAYS = {
    Phase.DRAFT: -12,
    Phase.COLLECTING: 0,
    Phase.REVIEWING: 30,
    Phase.VOTING: 45,
    Phase.TALLYING: 52,
    Phase.PUBLICITY: 53,
    Phase.FUNDED: 61,
    Phase.IMPLEMENTING: 66,
    Phase.CLOSED: 240,
}


async def _process(
    name: str,
    area: Area,
    phase: Phase,
    rule: TallyRule,
    budget_yuan: int,
    start: dt.date,
    **extra: Any,
) -> Process:
    process = await Process.create(
        name=name,
        area=area,
        phase=phase,
        budget_fen=_fen(budget_yuan),
        voting_method=extra.pop("voting_method", VotingMethod.APPROVAL),
        tally_rule=rule,
        max_picks=5,
        min_picks=1,
        subsidy_ratio=Decimal("0.8"),
        subsidy_cap_fen=_fen(300000),
        collecting_start=start,
        collecting_end=start + dt.timedelta(days=30),
        voting_start=start + dt.timedelta(days=45),
        voting_end=start + dt.timedelta(days=52),
        description="面向辖区各村（社区）征集民生实事项目，经村民会议决议、审核后由居民投票决定，"
        "按一事一议财政奖补政策安排资金。",
        **extra,
    )
    await Process.filter(id=process.id).update(created_at=_moment(start - dt.timedelta(14), 10))
    for p in list(Phase)[: list(Phase).index(phase) + 1]:
        entered = _moment(start + dt.timedelta(days=PHASE_DAYS[p]), 9)
        await PhaseLog.create(process=process, phase=p, entered_at=entered)
    return process


def _submitted_on(process: Process, index: int) -> dt.date:
    """Spread over the collecting weeks so far, the later proposals nearer the deadline."""
    start = process.collecting_start or clock.today()
    end = min(process.collecting_end or start, clock.today() - dt.timedelta(days=1))
    span = max((end - start).days, 1)
    return start + dt.timedelta(days=(index * 7 + index // 4) % span + 1)


async def _proposal(
    process: Process, row: tuple[Any, ...], author: User, status: ProposalStatus
) -> Proposal:
    code, title, cat, summary, total, funds, labour, donations, requested, people, hh = row
    area = await Area.get(code=code)
    present = area.households * 3 // 4
    index = await Proposal.filter(process=process).count()
    submitted = _submitted_on(process, index)
    accepted = status == ProposalStatus.ACCEPTED
    review_day = (process.collecting_end or submitted) + dt.timedelta(days=2 + index % 9)
    return await Proposal.create(
        process=process,
        area=area,
        author=author,
        title=title,
        category=cat,
        summary=summary,
        body=BODY.format(summary=summary),
        location=f"{area.name}",
        total_cost_fen=_fen(total),
        villager_funds_fen=_fen(funds),
        labour_days=labour,
        donations_fen=_fen(donations),
        requested_subsidy_fen=_fen(requested),
        beneficiaries_people=people,
        beneficiaries_households=hh,
        meeting_kind=MeetingKind.HOUSEHOLDS,
        meeting_date=submitted - dt.timedelta(days=4 + index % 7),
        meeting_eligible=area.households,
        meeting_present=present,
        meeting_in_favour=present * 4 // 5,
        status=status,
        created_at=_moment(submitted - dt.timedelta(days=1 + index % 3), 20, index % 60),
        submitted_at=_moment(submitted, 8 + index % 10, (index * 13) % 60),
        reviewed_at=_moment(review_day, 10 + index % 6) if accepted else None,
        feasibility=Feasibility.FEASIBLE if status == ProposalStatus.ACCEPTED else None,
        reviewed_cost_fen=_fen(total) if status == ProposalStatus.ACCEPTED else None,
        official_answer="经现场踏勘，项目符合一事一议奖补范围，同意列入投票。"
        if status == ProposalStatus.ACCEPTED
        else "",
    )


def _after(proposal: Proposal, days: int, hour: int) -> dt.datetime:
    """A moment some days after the proposal was submitted."""
    submitted = clock.china_date(proposal.submitted_at or clock.now())
    return _moment(submitted + dt.timedelta(days=days), hour)


async def _comments(proposals: list[Proposal], residents: list[User]) -> int:
    """Comments that fit their proposal's category, over the days after it came in, and the
    official's answer to the question among them."""
    official = await RoleGrant.filter(role=Role.OFFICIAL).select_related("user").first()
    count = 0
    for i, proposal in enumerate(proposals[:12]):
        said, reply = TALK[proposal.category]
        for n, (stance, body) in enumerate(said[: 2 + (proposal.id + i) % 3]):
            when = _after(proposal, 1 + 3 * n + i % 4, 8 + (5 * n + i) % 13)
            comment = await Comment.create(
                subject_type="proposal",
                subject_id=proposal.id,
                area=proposal.area,
                author=residents[(proposal.id + n) % len(residents)],
                stance=stance,
                body=body,
                created_at=when,
            )
            count += 1
            if stance == Stance.NEUTRAL and official is not None:
                answer = await Comment.create(
                    subject_type="proposal",
                    subject_id=proposal.id,
                    area=proposal.area,
                    author=official.user,
                    parent=comment,
                    body=reply,
                    is_official=True,
                    created_at=min(when + dt.timedelta(days=1, hours=2), clock.now()),
                )
                subject = proposal_subject(proposal)
                await comment_notices.comment_answered(subject, answer, [comment])
                count += 1
    return count


async def load() -> list[str]:
    district = await Area.get(code="370104000000")
    township = await Area.get(code="370104013000")
    residents = await User.filter(mobile__startswith="139").order_by("mobile")
    voting = await _process(
        "2026 年度一事一议奖补项目",
        district,
        Phase.VOTING,
        TallyRule.YISHI,
        2_000_000,
        clock.today() - dt.timedelta(days=50),
    )
    for area_code, yuan in (
        ("370104001000", 500_000),
        ("370104013000", 800_000),
        ("370104100000", 700_000),
    ):
        await Heading.create(
            process=voting, area=await Area.get(code=area_code), budget_fen=_fen(yuan)
        )
    collecting = await _process(
        "2027 年度吴家堡街道民生实事参与式预算",
        township,
        Phase.COLLECTING,
        TallyRule.GREEDY,
        600_000,
        clock.today() - dt.timedelta(days=13),
        support_threshold=3,
    )
    count = 0
    made: list[Proposal] = []
    for i, row in enumerate(PROPOSALS):
        author = residents[i % len(residents)]
        if row[0].startswith("370104013") and i % 3 == 1:
            status = ProposalStatus.SUBMITTED
            proposal = await _proposal(collecting, row, author, status)
            supporters = [r for r in residents if r.id != author.id][: 2 + i % 3]
            for n, supporter in enumerate(supporters):
                when = _after(proposal, 1 + n * 2 + i % 3, 12 + n)
                await Support.create(proposal=proposal, user=supporter, created_at=when)
            proposal.support_count = len(supporters)
            await proposal.save(update_fields=["support_count"])
        else:
            proposal = await _proposal(voting, row, author, ProposalStatus.ACCEPTED)
            await notices.proposal_reviewed(proposal, reviewer_id=None)  # as the desk tells it
        made.append(proposal)
        count += 1
    comments = await _comments(made, residents)
    knapsack = await _process(
        "2027 年度槐荫区微实事投票（预算内选择）",
        district,
        Phase.VOTING,
        TallyRule.GREEDY,
        400_000,
        clock.today() - dt.timedelta(days=46),
        voting_method=VotingMethod.KNAPSACK,
    )
    for i, row in enumerate(KNAPSACK_PROPOSALS):
        await _proposal(knapsack, row, residents[i % len(residents)], ProposalStatus.ACCEPTED)
    count += len(KNAPSACK_PROPOSALS)
    return [
        f"参与式预算：3 个批次（征集中 1 个、投票中 2 个），{count} 个项目提案，{comments} 条评论"
    ]
