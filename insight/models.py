"""The dashboard's kept aggregates: one counter per (process or year, area, measure, bucket).

Written by database triggers on the source tables (``insight.keeping``), never by the
application, so every write (ORM, bulk, COPY, raw SQL) keeps them current in its own
transaction. Turnout is the exception: ``insight.turnout`` counts voter marks lazily.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.installers import beside_migrations
from core.pagecache.tables import never_shown
from insight import keeping, rollup


class _Kept(Model):
    """What a kept number is keyed by, and the number (both tables below)."""

    id = fields.BigIntField(primary_key=True)
    process_id = fields.IntField(default=0)
    year = fields.IntField(default=0)
    area_id = fields.IntField()
    measure = fields.CharField(max_length=24)
    bucket = fields.CharField(max_length=24, default="")
    value = fields.BigIntField(default=0)

    class Meta:
        abstract = True


class Figure(_Kept):
    """A kept count or sum of fen. process_id 0 for what belongs to no process (letters,
    consultations), keyed by year instead, and year 0 where the process gives the year."""

    class Meta:
        table = "insight_figure"
        unique_together = (("process_id", "year", "area_id", "measure", "bucket"),)


class Rollup(_Kept):
    """A figure summed over an area and everything under it (``insight.rollup``): what a
    street's or the district's page reads instead of its villages' rows. Keyed by area
    first, the way pages ask."""

    class Meta:
        table = "insight_rollup"
        unique_together = (("area_id", "process_id", "year", "measure", "bucket"),)


# The counters' triggers (insight.keeping) go back after every migrate: a migration that
# rebuilds a watched table (SQLite's way of altering one) would have dropped them.
beside_migrations("dashboard", keeping.install)
beside_migrations("dashboard_rollup", rollup.install)
# Pages do read the roll-up, but it is written only beside a write to insight_figure or
# area (its triggers, a rebuild), which already announces the change to the page cache:
# announcing it again cost more than the roll-up itself (a NOTIFY per figure written).
never_shown("insight_rollup")
