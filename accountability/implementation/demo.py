"""Demo: last year's round in 吴家堡街道, voted, tallied, published, funded and now being
carried out — milestones with site photos, spend confirmed by finance, one project late, one
accepted, and an objection answered during its publicity. Runs after the roster demo."""

from __future__ import annotations

import datetime as dt
import io
import random

from PIL import Image, ImageDraw
from starlette.datastructures import UploadFile

from accountability.implementation import notices
from accountability.implementation.models import (
    Milestone,
    MilestoneFile,
    MilestoneKind,
    Spend,
    WorkPlan,
)
from accountability.objections import notices as objection_notices
from accountability.objections.models import Objection, Outcome
from accountability.ratings import services as rating_services
from core import clock
from core.models import Area, Role, RoleGrant, User
from core.uploads import StoredFile, file_record, store_upload
from projects import demo as projects_demo
from projects.models import (
    Phase,
    PhaseLog,
    Process,
    Proposal,
    ProposalStatus,
    Support,
    TallyRule,
)
from residents.models import RosterEntry
from votes.ballots import services as ballots
from votes.ballots.boxes import boxes_of
from votes.models import Award
from votes.results.services import tally_run
from votes.sealing import demo as sealing_demo

C = projects_demo.C
NAME = "2025 年度吴家堡街道一事一议奖补项目"
PROJECTS = [
    (
        "370104013201",
        "村西排水渠改造 500 米",
        C.WATER,
        "雨季村西积水，改造为浆砌石排水渠。",
        260000,
        40000,
        200,
        20000,
        200000,
        1200,
        410,
    ),
    (
        "370104013202",
        "村委会前广场硬化",
        C.CULTURE,
        "广场坑洼，硬化并划定文体活动区。",
        150000,
        25000,
        80,
        15000,
        110000,
        1480,
        505,
    ),
    (
        "370104013203",
        "幸福院屋面防水",
        C.ELDERLY,
        "幸福院屋顶漏雨，重做防水层。",
        70000,
        10000,
        20,
        0,
        60000,
        180,
        150,
    ),
    (
        "370104013201",
        "村北桥护栏",
        C.ROAD,
        "村北小桥无护栏，加装不锈钢护栏。",
        40000,
        6000,
        10,
        4000,
        30000,
        1200,
        410,
    ),
    (
        "370104013203",
        "村内巷道照明 30 盏",
        C.LIGHTING,
        "四条巷道夜间无灯，安装太阳能路灯。",
        90000,
        12000,
        30,
        8000,
        70000,
        1260,
        431,
    ),
]
# (project index → milestones as (kind, days after funding, progress %)), planned weeks.
STORIES = {
    0: (
        [
            ("start", 20, 0),
            ("progress", 60, 45),
            ("progress", 110, 80),
            ("complete", 150, 100),
            ("accept", 185, 100),  # 15 days ago: its rating window is open
        ],
        24,
    ),
    1: ([("start", 30, 0), ("progress", 80, 50), ("progress", 140, 70)], 16),  # late
    2: ([("start", 15, 0), ("progress", 40, 60), ("complete", 70, 100)], 12),
    3: ([("start", 45, 0), ("progress", 100, 30)], 40),
}
PALETTE = [(120, 160, 200), (150, 120, 90), (110, 140, 90), (180, 170, 150)]


def _site_photo(seed: int) -> bytes:
    """A drawn stand-in for a site photo: sky, ground, the works in progress."""
    rng = random.Random(seed)
    image = Image.new("RGB", (800, 600), PALETTE[0])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 800, 600), fill=PALETTE[1 + seed % 3])
    for _ in range(6):
        x, y = rng.randrange(0, 700), rng.randrange(340, 560)
        draw.rectangle((x, y, x + rng.randrange(40, 120), y + 30), fill=(200, 200, 195))
    draw.line((0, 460, 800, 420 + seed % 60), fill=(90, 90, 90), width=18)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


async def _photo(seed: int, name: str) -> StoredFile:
    upload = UploadFile(io.BytesIO(_site_photo(seed)), filename=name)
    return await store_upload(upload, allow=frozenset({"photo"}), uploader=None)


async def _backdate(process: Process, funded_on: dt.date) -> None:
    """The phase log of a round that ran last year, publicity ending before funding."""
    days = {
        Phase.DRAFT: -120,
        Phase.COLLECTING: -110,
        Phase.REVIEWING: -70,
        Phase.VOTING: -40,
        Phase.TALLYING: -25,
        Phase.PUBLICITY: -24,
        Phase.FUNDED: 0,
        Phase.IMPLEMENTING: 5,
    }
    await PhaseLog.filter(process=process).delete()
    for phase, offset in days.items():
        log = await PhaseLog.create(process=process, phase=phase)
        at = dt.datetime.combine(funded_on + dt.timedelta(days=offset), dt.time(2), dt.UTC)
        await PhaseLog.filter(id=log.id).update(entered_at=at)


async def _vote(process: Process, proposals: list[Proposal]) -> None:
    rng = random.Random(2025)
    [box] = await boxes_of(process)
    entries = (
        await RosterEntry.filter(area__path__startswith=process.area.path, user_id=None)
        .select_related("area")
        .limit(400)
    )
    weights = [5, 4, 3, 3, 1]
    for entry in entries:
        if rng.random() < 0.45:
            chosen = {rng.choices(proposals, weights)[0].id for _ in range(3)}
            await ballots.ballot_cast(process, box, entry, dict.fromkeys(chosen, 1))


async def _track(
    award: Award,
    funded_on: dt.date,
    official: User,
    finance: User,
    story: tuple[list[tuple[str, int, int]], int],
) -> None:
    steps, weeks = story
    proposal = award.proposal
    await WorkPlan.create(
        proposal=proposal,
        planned_start=funded_on + dt.timedelta(days=14),
        planned_finish=funded_on + dt.timedelta(weeks=weeks),
    )
    for n, (kind, after, pct) in enumerate(steps):
        milestone = await Milestone.create(
            proposal=proposal,
            kind=MilestoneKind(kind),
            progress_pct=pct,
            happened_on=funded_on + dt.timedelta(days=after),
            recorded_by=official,
            note={
                "start": "施工队进场，村务监督委员会到场。",
                "progress": "按计划推进，质量抽检合格。",
                "complete": "主体完工，清理现场。",
                "accept": "街道、村两级联合验收合格。",
            }[kind],
        )
        await notices.milestone_recorded(proposal, milestone, official.id)
        stored = await _photo(proposal.id * 10 + n, f"{kind}-{n + 1}.jpg")
        await file_record(MilestoneFile, stored, milestone=milestone).save()
    status = {"accept": ProposalStatus.COMPLETED}.get(steps[-1][0], ProposalStatus.IMPLEMENTING)
    await Proposal.filter(id=proposal.id).update(status=status)
    await _spend(award, funded_on, official, finance, steps[-1][2])


async def _spend(award: Award, funded_on: dt.date, official: User, finance: User, pct: int) -> None:
    """Spend in step with progress; the latest entry still waits for finance."""
    approved = award.confirmed_fen or award.subsidy_fen
    target = approved * pct // 100
    parts = [target // 2, target - target // 2] if target else []
    for n, amount in enumerate(parts):
        confirmed = n < len(parts) - 1 or pct == 100
        spend = await Spend.create(
            proposal=award.proposal,
            amount_fen=amount,
            recorded_by=official,
            spent_on=funded_on + dt.timedelta(days=30 + 60 * n),
            purpose=["材料款（首付）", "工程款（进度款）"][n],
            confirmed_by=finance if confirmed else None,
            confirmed_at=clock.now() if confirmed else None,
        )
        await notices.spend_recorded(award.proposal, spend, official.id)


async def load() -> list[str]:
    township = await Area.get(code="370104013000")
    official = await RoleGrant.filter(role=Role.OFFICIAL).select_related("user").first()
    finance = await RoleGrant.filter(role=Role.FINANCE).select_related("user").first()
    if official is None or finance is None:
        return []
    funded_on = clock.today() - dt.timedelta(days=200)
    process = await projects_demo._process(
        NAME, township, Phase.VOTING, TallyRule.GREEDY, 450_000, funded_on - dt.timedelta(days=120)
    )
    proposals = [
        await projects_demo._proposal(process, row, official.user, ProposalStatus.ACCEPTED)
        for row in PROJECTS
    ]
    await Proposal.filter(process=process).update(on_behalf_of_village=True)
    await _supports(proposals)
    await sealing_demo.load()  # its election key, as opening the vote would make
    await _vote(process, proposals)
    process.phase = Phase.TALLYING
    await process.save(update_fields=["phase"])
    await sealing_demo.open_for_demo(process)
    await tally_run(None, process)
    awards = await Award.filter(proposal__process=process).select_related("proposal")
    for award in awards:
        award.confirmed_fen, award.confirmed_by = award.subsidy_fen, finance.user
        award.disbursed_fen = award.subsidy_fen * 6 // 10
        award.confirmed_at = clock.now()
        award.disbursed_on = funded_on + dt.timedelta(days=20)
        await award.save()
    by_position = {p.id: i for i, p in enumerate(proposals)}
    for award in awards:
        story = STORIES.get(by_position[award.proposal.id])
        if story:
            await _track(award, funded_on, official.user, finance.user, story)
            if story[0][-1][0] == "accept":  # its village is invited to rate it (满意度评价)
                await rating_services.rating_opened(award.proposal, process)
    await _objection(process, proposals[1], official.user)
    process.phase = Phase.IMPLEMENTING
    await process.save(update_fields=["phase"])
    await _backdate(process, funded_on)
    return [
        f"实施：{NAME} 已立项实施，{len(awards)} 个项目（1 个已验收、1 个逾期），"
        f"见 /processes/{process.id}/progress"
    ]


async def _supports(proposals: list[Proposal]) -> None:
    """The township's demo residents backed these projects while they were collected, so
    they hear of their progress."""
    backers = await User.filter(
        mobile__startswith="139", home_area__path__startswith="/370104000000/370104013000/"
    )
    for proposal in proposals:
        for backer in backers:
            await Support.create(proposal=proposal, user=backer)
        await Proposal.filter(id=proposal.id).update(support_count=len(backers))


async def _objection(process: Process, proposal: Proposal, official: User) -> None:
    author = await RosterEntry.filter(
        user_id__isnull=False, area__path__startswith=process.area.path
    ).first()
    if author is None:
        return
    objection = await Objection.create(
        process=process,
        proposal=proposal,
        author_id=author.user_id,
        author_area_id=author.area_id,
        reason="广场硬化的预算里包含了灯光音响，这部分是否属于一事一议奖补范围？",
        answer="经街道复核，灯光音响不列入奖补范围，已从核定投资中扣除，由村集体自筹。",
        outcome=Outcome.PARTLY,
        answered_by=official,
        answered_at=clock.now(),
    )
    await objection_notices.objection_answered(objection, process)
