"""Tables of sealed voting (密封投票): the election key, sealed ballots, receipts."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.pagecache.tables import never_shown
from projects.models import Process
from votes.models import BallotBox


class ElectionKey(Model):
    """选举密钥: a process's public key. The private key is never stored: it exists only as
    the election committee's shares, shown once when voting opened, and in memory while
    the ballots are being opened (开箱)."""

    id = fields.IntField(primary_key=True)
    process: fields.OneToOneRelation[Process] = fields.OneToOneField(
        "yishi.Process", related_name="election_key", on_delete=fields.CASCADE
    )
    process_id: int
    public_key = fields.BinaryField()  # 32 bytes, Curve25519
    shares_needed = fields.SmallIntField()  # k
    shares_made = fields.SmallIntField()  # n
    opened = fields.BooleanField(default=False)  # the sealed ballots were opened

    class Meta:
        table = "election_key"


class SealedBallot(Model):
    """A ballot as cast: its content sealed with the election's public key, readable by no
    one until the committee opens the box. Deleted when opened.

    ``voter_key`` (online ballots) lets the voter replace it; the voter mark's unique
    constraint keeps one per person; the receipt hash lets the voter see it was received."""

    id = fields.UUIDField(primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="sealed_ballots", on_delete=fields.RESTRICT
    )
    box_id: int
    voter_key = fields.CharField(max_length=64, null=True)  # null for paper ballots
    receipt_hash = fields.CharField(max_length=64, unique=True)
    sealed = fields.BinaryField()

    class Meta:
        table = "sealed_ballot"
        unique_together = (("box", "voter_key"),)


class Receipt(Model):
    """回执: the hash of one counted ballot's receipt code, kept apart from any ballot
    content (written at the opening, in hash order), so a receipt proves a ballot was
    counted and never which one."""

    receipt_hash = fields.CharField(max_length=64, primary_key=True)
    box: fields.ForeignKeyRelation[BallotBox] = fields.ForeignKeyField(
        "yishi.BallotBox", related_name="receipts", on_delete=fields.RESTRICT
    )
    box_id: int

    class Meta:
        table = "receipt"


# Written by every ballot cast; nothing public reads a sealed ballot or a receipt.
never_shown("sealed_ballot", "receipt")
