"""Budgeting processes, their headings, proposals, attachments and supports."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import Area, User
from core.uploads import FileRecord
from letters.models import Letter
from projects.meeting import MeetingKind


class Phase(StrEnum):
    """批次阶段, in the order a process passes through them."""

    DRAFT = "draft"
    COLLECTING = "collecting"  # 征集
    REVIEWING = "reviewing"  # 审核
    VOTING = "voting"  # 投票
    TALLYING = "tallying"  # 计票
    PUBLICITY = "publicity"  # 公示
    FUNDED = "funded"  # 立项
    IMPLEMENTING = "implementing"  # 实施
    CLOSED = "closed"  # 验收


class VotingMethod(StrEnum):
    APPROVAL = "approval"
    KNAPSACK = "knapsack"
    CUMULATIVE = "cumulative"
    RANKED = "ranked"
    CHOOSE_ONE = "choose-1"


class TallyRule(StrEnum):
    GREEDY = "greedy"
    GREEDY_NO_SKIP = "greedy-no-skip"
    GREEDY_THRESHOLD = "greedy-threshold"
    EQUAL_SHARES = "equalshares"
    EQUAL_SHARES_ADD1 = "equalshares/add1"
    YISHI = "yishi"


class Category(StrEnum):
    ROAD = "road"  # 道路
    WATER = "water"  # 饮水
    LIGHTING = "lighting"  # 照明
    SANITATION = "sanitation"  # 环卫
    CULTURE = "culture"  # 文体
    ELDERLY = "elderly"  # 养老
    EDUCATION = "education"  # 教育
    OTHER = "other"  # 其他


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"  # on the ballot
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    FUNDED = "funded"
    NOT_FUNDED = "not_funded"
    IMPLEMENTING = "implementing"
    COMPLETED = "completed"


class Feasibility(StrEnum):
    FEASIBLE = "feasible"
    CONDITIONAL = "conditional"
    INFEASIBLE = "infeasible"


class Process(Model):
    """参与式预算批次: one budgeting round over an area, with its money and rules."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="processes", on_delete=fields.RESTRICT
    )
    area_id: int
    budget_fen = fields.BigIntField()
    phase = fields.CharEnumField(Phase, max_length=16, default=Phase.DRAFT)
    # Voting settings: frozen once voting opens.
    voting_method = fields.CharEnumField(VotingMethod, max_length=16)
    tally_rule = fields.CharEnumField(TallyRule, max_length=24)
    min_picks = fields.IntField(default=0)
    max_picks = fields.IntField(default=0)  # approval maximum, ranked k; 0 = no limit
    points_total = fields.IntField(default=0)  # cumulative
    points_per_project = fields.IntField(default=0)  # cumulative cap
    knapsack_min_share = fields.IntField(default=0)  # percent of the budget a ballot must use
    vote_threshold = fields.IntField(default=0)  # greedy-threshold: votes (or percent)
    vote_threshold_is_share = fields.BooleanField(default=False)
    min_voter_age = fields.IntField(default=18)
    # Collecting: supports (附议) a proposal needs before review.
    support_threshold = fields.IntField(default=0)
    # Subsidy policy (奖补政策): subsidy = min(requested, cap, ratio × reviewed cost).
    subsidy_ratio = fields.DecimalField(max_digits=5, decimal_places=4, default=1)
    subsidy_cap_fen = fields.BigIntField(null=True)
    # Planned dates, shown on the public timeline.
    collecting_start = fields.DateField(null=True)
    collecting_end = fields.DateField(null=True)
    voting_start = fields.DateField(null=True)
    voting_end = fields.DateField(null=True)
    publicity_days = fields.IntField(default=7)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    headings: fields.ReverseRelation[Heading]
    proposals: fields.ReverseRelation[Proposal]
    phase_log: fields.ReverseRelation[PhaseLog]

    class Meta:
        table = "process"
        ordering: ClassVar[list[str]] = ["-id"]


class Heading(Model):
    """分项预算: a sub-budget for one area of the process (one ballot box each)."""

    id = fields.IntField(primary_key=True)
    process: fields.ForeignKeyRelation[Process] = fields.ForeignKeyField(
        "yishi.Process", related_name="headings", on_delete=fields.CASCADE
    )
    process_id: int
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="headings", on_delete=fields.RESTRICT
    )
    area_id: int
    budget_fen = fields.BigIntField()

    class Meta:
        table = "heading"
        unique_together = (("process", "area"),)


class PhaseLog(Model):
    """When a process actually entered each phase (the public timeline shows it)."""

    id = fields.IntField(primary_key=True)
    process: fields.ForeignKeyRelation[Process] = fields.ForeignKeyField(
        "yishi.Process", related_name="phase_log", on_delete=fields.CASCADE
    )
    process_id: int
    phase = fields.CharEnumField(Phase, max_length=16)
    entered_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "phase_log"


class Proposal(Model):
    """项目提案: a public-welfare project proposed for one village or community."""

    id = fields.IntField(primary_key=True)
    process: fields.ForeignKeyRelation[Process] = fields.ForeignKeyField(
        "yishi.Process", related_name="proposals", on_delete=fields.RESTRICT
    )
    process_id: int
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="proposals", on_delete=fields.RESTRICT
    )
    area_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="proposals", on_delete=fields.RESTRICT
    )
    author_id: int
    on_behalf_of_village = fields.BooleanField(default=False)  # entered by an official
    title = fields.CharField(max_length=60)
    summary = fields.CharField(max_length=200, default="")
    body = fields.TextField(default="")
    category = fields.CharEnumField(Category, max_length=16, default=Category.OTHER)
    location = fields.CharField(max_length=100, default="")
    # Money in integer fen (分), never float.
    total_cost_fen = fields.BigIntField(default=0)  # 总投资
    villager_funds_fen = fields.BigIntField(default=0)  # 村民筹资
    labour_days = fields.IntField(default=0)  # 筹劳（工日）
    donations_fen = fields.BigIntField(default=0)  # 社会捐赠
    requested_subsidy_fen = fields.BigIntField(default=0)  # 申请奖补
    beneficiaries_people = fields.IntField(default=0)
    beneficiaries_households = fields.IntField(default=0)
    # The village-meeting record 一事一议 requires.
    meeting_kind = fields.CharEnumField(MeetingKind, max_length=16, default=MeetingKind.VILLAGERS)
    meeting_date = fields.DateField(null=True)
    meeting_eligible = fields.IntField(default=0)
    meeting_present = fields.IntField(default=0)
    meeting_in_favour = fields.IntField(default=0)
    status = fields.CharEnumField(ProposalStatus, max_length=16, default=ProposalStatus.DRAFT)
    support_count = fields.IntField(default=0)
    # Official review.
    feasibility = fields.CharEnumField(Feasibility, max_length=16, null=True)
    reviewed_cost_fen = fields.BigIntField(null=True)  # 核定投资
    official_answer = fields.TextField(default="")
    rejection_reason = fields.CharField(max_length=500, default="")
    reviewed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="reviewed_proposals", null=True, on_delete=fields.SET_NULL
    )
    reviewed_by_id: int | None
    reviewed_at = fields.DatetimeField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # The resident's letter (领导信箱) this proposal grew out of; the two pages link.
    from_letter: fields.ForeignKeyNullableRelation[Letter] = fields.ForeignKeyField(
        "yishi.Letter", related_name="proposals", null=True, on_delete=fields.SET_NULL
    )
    from_letter_id: int | None

    attachments: fields.ReverseRelation[Attachment]

    class Meta:
        table = "proposal"
        ordering: ClassVar[list[str]] = ["-id"]
        indexes = (("process_id", "status"),)


class Attachment(FileRecord):
    """A photo or a PDF (e.g. meeting minutes). Stored under a generated name, never the
    client's."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="attachments", on_delete=fields.CASCADE
    )
    proposal_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"


class PendingAttachment(FileRecord):
    """A checked and stored file from a proposal form that came back with an error: kept
    for the person who chose it, offered again in the re-rendered form, attached when the
    form is saved (a browser cannot refill a file input, so the file must survive here)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="pending_attachments", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pending_attachment"


class Support(Model):
    """附议: a resident backs a proposal while collecting. One per person (unique)."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="supports", on_delete=fields.CASCADE
    )
    proposal_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="supports", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "support"
        unique_together = (("proposal", "user"),)
