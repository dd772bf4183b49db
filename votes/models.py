"""Tables of the votes package: ballot boxes, ballots, voter marks, tallies and awards."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.generations import counted
from core.models import Area, User
from core.pagecache.tables import never_shown
from projects.models import Heading, Process, Proposal
from residents.models import RosterEntry


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"  # entered by an official from a paper ballot (纸质选票)


class BallotBox(Model):
    """投票箱: one per process × heading (one for the whole process when it has none)."""

    id = fields.IntField(primary_key=True)
    # "process:heading" (heading 0 = whole process): unique even where heading is null.
    key = fields.CharField(max_length=32, unique=True)
    process: fields.ForeignKeyRelation[Process] = fields.ForeignKeyField(
        "yishi.Process", related_name="ballot_boxes", on_delete=fields.CASCADE
    )
    process_id: int
    heading: fields.ForeignKeyNullableRelation[Heading] = fields.ForeignKeyField(
        "yishi.Heading", related_name="ballot_boxes", null=True, on_delete=fields.CASCADE
    )
    heading_id: int | None
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "yishi.Area", related_name="ballot_boxes", on_delete=fields.RESTRICT
    )
    area_id: int
    budget_fen = fields.BigIntField()

    class Meta:
        table = "ballot_box"


class Ballot(Model):
    """A counted ballot. Holds no user id: ballots cast in Yishi arrive here only when the
    sealed ballots are opened (votes.sealing.opening), in random order with random ids and
    nothing else (no voter key, receipt, channel or date). Pabulib imports, public already,
    keep a keyed voter hash of the file's voter, its receipt hash and the voting day."""

    id = fields.UUIDField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="ballots", on_delete=fields.RESTRICT
    )
    box_id: int
    voter_key = fields.CharField(max_length=64, null=True)  # null for opened ballots
    receipt_hash = fields.CharField(max_length=64, unique=True, null=True)
    channel = fields.CharEnumField(Channel, max_length=8, null=True)
    cast_on = fields.DateField(null=True)

    marks: fields.ReverseRelation[BallotMark]

    class Meta:
        table = "ballot"
        unique_together = (("box", "voter_key"),)


class BallotMark(Model):
    """One project on a ballot: 1 (approval, knapsack, choose-1), points, or rank."""

    id = fields.BigIntField(primary_key=True)
    ballot: fields.ForeignKeyRelation[Ballot] = fields.ForeignKeyField(
        "yishi.Ballot", related_name="marks", on_delete=fields.CASCADE
    )
    ballot_id: int
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="ballot_marks", on_delete=fields.RESTRICT
    )
    proposal_id: int
    value = fields.IntField()

    class Meta:
        table = "ballot_mark"
        unique_together = (("ballot", "proposal"),)


class VoterMark(Model):
    """名册投票标记: that (not what) a roster entry voted in a box, and by which channel.
    The unique constraint is one person, one vote across online and paper."""

    id = fields.BigIntField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="voter_marks", on_delete=fields.RESTRICT
    )
    box_id: int
    entry: fields.ForeignKeyRelation[RosterEntry] = fields.ForeignKeyField(
        "yishi.RosterEntry", related_name="voter_marks", on_delete=fields.RESTRICT
    )
    entry_id: int
    # The person, whatever roster entry voted: one ID number may sit on two villages'
    # rosters, and (box, id_hash) keeps it to one vote (issue 14 item 3).
    id_hash = fields.CharField(max_length=64)
    channel = fields.CharEnumField(Channel, max_length=8)

    class Meta:
        table = "voter_mark"
        unique_together = (("box", "entry"), ("box", "id_hash"))


class MeetingTally(Model):
    """Village-meeting show-of-hands totals for one proposal, kept apart from ballots."""

    id = fields.IntField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="meeting_tallies", on_delete=fields.RESTRICT
    )
    box_id: int
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "yishi.Proposal", related_name="meeting_tallies", on_delete=fields.RESTRICT
    )
    proposal_id: int
    meeting_date = fields.DateField()
    present = fields.IntField()
    in_favour = fields.IntField()
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="meeting_tallies", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    recorded_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "meeting_tally"
        unique_together = (("box", "proposal"),)


class TallySnapshot(Model):
    """计票结果: the result of one ballot box, stored once and never changed.

    Re-running the tally on the same ballots gives the same input hash, and the stored
    snapshot is reused; the newest snapshot of a box is the one published.
    """

    id = fields.IntField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="snapshots", on_delete=fields.RESTRICT
    )
    box_id: int
    rule = fields.CharField(max_length=24)
    rule_version = fields.CharField(max_length=16)
    input_hash = fields.CharField(max_length=64)
    ballots = fields.IntField()
    result: Any = fields.JSONField()  # the whole TallyResult, with project titles, for pages
    created_at = fields.DatetimeField(auto_now_add=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="tally_snapshots", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "tally_snapshot"
        unique_together = (("box", "input_hash"),)


class Award(Model):
    """一事一议奖补: one funded proposal's subsidy, then finance's confirmation and payments."""

    id = fields.IntField(primary_key=True)
    proposal: fields.OneToOneRelation[Proposal] = fields.OneToOneField(
        "yishi.Proposal", related_name="award", on_delete=fields.RESTRICT
    )
    proposal_id: int
    snapshot: fields.ForeignKeyRelation[TallySnapshot] = fields.ForeignKeyField(
        "yishi.TallySnapshot", related_name="awards", on_delete=fields.RESTRICT
    )
    snapshot_id: int
    votes = fields.IntField()
    subsidy_fen = fields.BigIntField()  # as the tally granted it
    confirmed_fen = fields.BigIntField(null=True)  # 财政核定
    confirmed_at = fields.DatetimeField(null=True)
    confirmed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="awards_confirmed", null=True, on_delete=fields.SET_NULL
    )
    confirmed_by_id: int | None
    disbursed_fen = fields.BigIntField(default=0)  # 已拨付
    disbursed_on = fields.DateField(null=True)

    class Meta:
        table = "award"


class TallyInputKey(Model):
    """What one tally of a box read besides its ballots, so that a re-run on an unchanged
    box answers from its snapshot without reading a ballot. The ballots are unchanged when
    the write generation of the ballot tables (core.generations) is the one read before
    the tally read them. The rest is the hash of the tally's terms (projects, costs,
    budget, rule and version: votes.rules.fingerprint.terms_hash), recomputed on a re-run
    from the proposals with marks, which unchanged ballots leave as they were."""

    id = fields.IntField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="tally_keys", on_delete=fields.RESTRICT
    )
    box_id: int
    snapshot: fields.ForeignKeyRelation[TallySnapshot] = fields.ForeignKeyField(
        "yishi.TallySnapshot", related_name="keys", on_delete=fields.CASCADE
    )
    snapshot_id: int
    ballot_generation = fields.BigIntField()
    terms_hash = fields.CharField(max_length=64)
    marked: Any = fields.JSONField()  # ids of the proposals with a mark in the box

    class Meta:
        table = "tally_input_key"
        unique_together = (("box", "ballot_generation", "terms_hash"),)


# Counted in a write generation: a tally re-run knows whether any ballot changed.
counted("ballots", "ballot", "ballot_mark")

# Written by every ballot cast; public pages show turnout only from the stored tally.
never_shown("voter_mark")
