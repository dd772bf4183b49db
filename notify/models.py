"""Tables of reach: the outbox (every notification, which is also the in-site inbox), the
deliveries it fans out to, and each person's preferences."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from tortoise import fields
from tortoise.models import Model

from core.models import User
from core.pagecache.tables import never_shown
from notify.kinds import Channel, Kind

# Stated, not derived: Tortoise would describe the column by listing the enum's values, so
# every new kind would change the schema state and makemigrations would write an AlterField,
# which on SQLite rebuilds the table without its (user, dedupe_key) unique key.
KIND_DESCRIPTION = "What it is about: a value of notify.kinds.Kind"


class Message(Model):
    """One notification to one person (站内信), written in the transaction of its event.

    The row is the outbox: the event and the promise to tell someone land together or not
    at all. ``dispatched_at`` stays empty until a worker has fanned the message out into one
    ``Delivery`` per channel the person wants.
    """

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="messages", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(Kind, max_length=24, description=KIND_DESCRIPTION)
    title = fields.CharField(max_length=120)
    body = fields.TextField()
    link = fields.CharField(max_length=255)  # site-relative path of the page it is about
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)
    # Set by the event so that recording it twice (a retried request) tells the person once.
    dedupe_key = fields.CharField(max_length=120, null=True)
    dispatched_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notify_message"
        ordering: ClassVar[list[str]] = ["-id"]
        unique_together = (("user", "dedupe_key"),)
        indexes = (("user_id", "read_at"), ("dispatched_at", "id"))


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting for its turn (backoff, quiet hours, rate limit)
    SENDING = "sending"  # claimed by a worker; the provider may or may not have it
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; an admin may resend
    SKIPPED = "skipped"  # the person has no address for the channel


class Delivery(Model):
    """One message on one outward channel (SMS, e-mail, WeChat)."""

    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "yishi.Message", related_name="deliveries", on_delete=fields.CASCADE
    )
    message_id: int
    channel = fields.CharEnumField(Channel, max_length=8)
    address = fields.CharField(max_length=254)  # the number or address when fanned out
    state = fields.CharEnumField(DeliveryState, max_length=8, default=DeliveryState.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)
    provider_ref = fields.CharField(max_length=120, default="")
    last_error = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notify_delivery"
        unique_together = (("message", "channel"),)
        # Due work; and the rate limit's count of claims in the last minute per channel.
        indexes = (("state", "next_attempt_at"), ("channel", "claimed_at"))


class Preference(Model):
    """The choice of one person for one kind on one channel (no row: the default)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="notify_preferences", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(Kind, max_length=24, description=KIND_DESCRIPTION)
    channel = fields.CharEnumField(Channel, max_length=8)
    enabled = fields.BooleanField()

    class Meta:
        table = "notify_preference"
        unique_together = (("user", "kind", "channel"),)


# A person's own messages: never on a public page.
never_shown("notify_message", "notify_delivery", "notify_preference")


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"  # claimed by a worker until its lease runs out
    DONE = "done"
    FAILED = "failed"


class Job(Model):
    """A one-off piece of background work a staff action asked for (a tally): queued in the
    action's transaction, run by the worker, its progress shown to the person who asked."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=32)  # the handler's name (notify.jobs.handles)
    subject = fields.CharField(max_length=64)  # what it works on, e.g. "process:12"
    title = fields.CharField(max_length=120)  # in words, for the person who waits
    link = fields.CharField(max_length=255, default="")  # where its result is seen
    state = fields.CharEnumField(JobState, max_length=8, default=JobState.QUEUED)
    progress = fields.CharField(max_length=200, default="")
    outcome = fields.CharField(max_length=500, default="")  # the closing line, or why not
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "yishi.User", related_name="jobs", null=True, on_delete=fields.SET_NULL
    )
    requested_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    lease_until = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        indexes = (("state", "id"), ("kind", "subject"))


# Progress is written every few seconds while a job runs; no public page shows it.
never_shown("job")
