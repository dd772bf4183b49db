"""Keeping the dashboard's figures current: database triggers, one mechanism for every write.

Each source table has a *contribution*: a SELECT that says which counters one of its rows
adds to (process, year, area, measure, bucket, value). A BEFORE UPDATE/DELETE trigger takes
the old row's contribution away while the row still holds its old values; an AFTER
INSERT/UPDATE trigger adds the new row's. The same SELECT over the whole table (``1 = 1``
instead of one id) is the fresh recount that ``yishi dashboard rebuild`` writes, so the kept
counters and the recount cannot disagree on what a measure means.

Triggers catch every write — services, queryset updates, bulk inserts, COPY, a psql
session — in the writer's transaction. The price is a counter row per (process, village,
measure): supports and comments on one village's proposals queue on that row for a moment,
which their rate allows. Ballots do not pass here: voter marks are counted lazily by
``insight.turnout`` so the cast path never waits on a counter row.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

KEY = "process_id, year, area_id, measure, bucket"
FUNDED = "('funded', 'implementing', 'completed')"
ASKED = "('draft', 'withdrawn')"


@dataclass(frozen=True)
class Contribution:
    name: str
    select: str  # rows of (KEY, value); {where} picks the rows that contribute


@dataclass(frozen=True)
class Trigger:
    """A table's triggers: on a write, the contributions that depend on the row, each
    found by a condition on the row ({row} is OLD or NEW)."""

    table: str
    watched: tuple[str, ...]  # columns whose update can change a contribution
    parts: tuple[tuple[Contribution, str], ...]
    # Whether rows that depend on this one can exist before it (a work plan may come after
    # the acceptance it judges); else an insert counts only the row's own contributions.
    dependants_first: bool = False


def _year(column: str) -> str:
    """The year of a date column as an integer, the same text on both databases."""
    return f"CAST(substr(CAST({column} AS TEXT), 1, 4) AS INTEGER)"


# The acceptance date as a day number; the dashboard subtracts the day of 立项 (when the
# process entered 'funded'), read from the phase log at view time: a trigger here would
# miss a phase log written (or corrected) after the milestone.
DAY_NUMBER = {
    "sqlite": "CAST(julianday(r.happened_on) - julianday('2000-01-01') AS INTEGER)",
    "postgres": "(r.happened_on - DATE '2000-01-01')",
}

CONTRIBUTIONS = (
    Contribution(
        "proposal",
        f"""SELECT r.process_id, 0, r.area_id, 'status', r.status, 1 FROM proposal r
        WHERE {{where}}
        UNION ALL SELECT r.process_id, 0, r.area_id, 'asked', r.category, 1 FROM proposal r
        WHERE {{where}} AND r.status NOT IN {ASKED}
        UNION ALL SELECT r.process_id, 0, r.area_id, 'funded', r.category, 1 FROM proposal r
        WHERE {{where}} AND r.status IN {FUNDED}""",
    ),
    Contribution(
        "support",
        """SELECT p.process_id, 0, p.area_id, 'supports', '', 1 FROM support r
        JOIN proposal p ON p.id = r.proposal_id WHERE {where}""",
    ),
    Contribution(
        "comment",
        """SELECT p.process_id, 0, p.area_id, 'comments', '', 1 FROM comment r
        JOIN proposal p ON p.id = r.subject_id
        WHERE {where} AND r.subject_type = 'proposal' AND r.visibility = 'visible'""",
    ),
    Contribution(
        "opinion",
        "SELECT 0, "
        + _year("t.closes_on")
        + """, t.area_id, 'opinions', '', 1 FROM comment r
        JOIN consult_topic t ON t.id = r.subject_id
        WHERE {where} AND r.subject_type = 'topic' AND r.parent_id IS NULL
        AND r.is_official = """
        + "{false}",
    ),
    Contribution(
        "feedback",
        "SELECT 0, "
        + _year("t.closes_on")
        + """, t.area_id, 'adoption', r.adoption, 1 FROM consult_feedback r
        JOIN comment c ON c.id = r.comment_id JOIN consult_topic t ON t.id = c.subject_id
        WHERE {where} AND c.subject_type = 'topic'""",
    ),
    Contribution(
        "award",
        """SELECT p.process_id, 0, p.area_id, 'awarded_fen', p.category, r.subsidy_fen
        FROM award r JOIN proposal p ON p.id = r.proposal_id WHERE {where}
        UNION ALL SELECT p.process_id, 0, p.area_id, 'confirmed_fen', p.category,
        COALESCE(r.confirmed_fen, 0) FROM award r JOIN proposal p ON p.id = r.proposal_id
        WHERE {where}
        UNION ALL SELECT p.process_id, 0, p.area_id, 'disbursed_fen', p.category,
        r.disbursed_fen FROM award r JOIN proposal p ON p.id = r.proposal_id WHERE {where}""",
    ),
    Contribution(
        "milestone",
        """SELECT p.process_id, 0, p.area_id, 'accepted', '', 1 FROM milestone r
        JOIN proposal p ON p.id = r.proposal_id WHERE {where} AND r.kind = 'accept'
        UNION ALL SELECT p.process_id, 0, p.area_id, 'accepted_late', '', 1 FROM milestone r
        JOIN proposal p ON p.id = r.proposal_id JOIN work_plan w ON w.proposal_id = p.id
        WHERE {where} AND r.kind = 'accept' AND r.happened_on > w.planned_finish
        UNION ALL SELECT p.process_id, 0, p.area_id, 'accept_dayno', '', {days} FROM milestone r
        JOIN proposal p ON p.id = r.proposal_id WHERE {where} AND r.kind = 'accept'""",
    ),
    Contribution(
        "rating",
        """SELECT p.process_id, 0, p.area_id, 'rated', '', 1 FROM project_rating r
        JOIN proposal p ON p.id = r.proposal_id WHERE {where}
        UNION ALL SELECT p.process_id, 0, p.area_id, 'rating_sum', '', r.score
        FROM project_rating r JOIN proposal p ON p.id = r.proposal_id WHERE {where}""",
    ),
    Contribution(
        "letter",
        "SELECT 0, "
        + _year("r.received_on")
        + """, r.area_id, 'letters', r.kind, 1 FROM letter r WHERE {where}
        UNION ALL SELECT 0, """
        + _year("r.received_on")
        + """, r.area_id, 'letters_timed', '', 1 FROM letter r
        WHERE {where} AND r.replied_on_time IS NOT NULL
        UNION ALL SELECT 0, """
        + _year("r.received_on")
        + """, r.area_id, 'letters_on_time', '', 1 FROM letter r
        WHERE {where} AND r.replied_on_time = {true}
        UNION ALL SELECT 0, """
        + _year("r.received_on")
        + """, r.area_id, 'letters_rated', '', 1 FROM letter r
        WHERE {where} AND r.rating IS NOT NULL
        UNION ALL SELECT 0, """
        + _year("r.received_on")
        + """, r.area_id, 'letters_satisfied', '', 1 FROM letter r
        WHERE {where} AND r.rating IN ('satisfied', 'basic')""",
    ),
)
C = {c.name: c for c in CONTRIBUTIONS}
# A row's own contributions, and those of the rows that borrow its columns (a support
# counts in its proposal's village): changing a proposal's category moves its award's money.
TRIGGERS = (
    Trigger(
        "proposal",
        ("status", "category", "area_id", "process_id"),
        (
            *(
                (C[n], "p.id = {row}.id")
                for n in ("support", "comment", "award", "milestone", "rating")
            ),
            (C["proposal"], "r.id = {row}.id"),
        ),
    ),
    Trigger("support", ("proposal_id",), ((C["support"], "r.id = {row}.id"),)),
    Trigger(
        "comment",
        ("visibility", "subject_type", "subject_id", "parent_id", "is_official"),
        (
            (C["comment"], "r.id = {row}.id"),
            (C["opinion"], "r.id = {row}.id"),
            (C["feedback"], "c.id = {row}.id"),
        ),
    ),
    Trigger(
        "consult_topic",
        ("area_id", "closes_on"),
        ((C["opinion"], "t.id = {row}.id"), (C["feedback"], "t.id = {row}.id")),
    ),
    Trigger("consult_feedback", ("adoption", "comment_id"), ((C["feedback"], "r.id = {row}.id"),)),
    Trigger(
        "award",
        ("subsidy_fen", "confirmed_fen", "disbursed_fen", "proposal_id"),
        ((C["award"], "r.id = {row}.id"),),
    ),
    Trigger(
        "milestone", ("kind", "happened_on", "proposal_id"), ((C["milestone"], "r.id = {row}.id"),)
    ),
    Trigger(
        "work_plan",
        ("planned_finish", "proposal_id"),
        ((C["milestone"], "p.id = {row}.proposal_id"),),
    ),
    Trigger("project_rating", ("score", "proposal_id"), ((C["rating"], "r.id = {row}.id"),)),
    Trigger(
        "letter",
        ("kind", "area_id", "received_on", "replied_on_time", "rating"),
        ((C["letter"], "r.id = {row}.id"),),
    ),
)


def contribution_sql(c: Contribution, dialect: str, where: str) -> str:
    true, false = ("TRUE", "FALSE") if dialect == "postgres" else ("1", "0")
    return c.select.format(where=where, days=DAY_NUMBER[dialect], true=true, false=false)


def upsert(c: Contribution, dialect: str, where: str, sign: str = "") -> str:
    """Add (or, with sign "-", take away) the contribution of the rows `where` selects."""
    return (
        f"INSERT INTO insight_figure ({KEY}, value) "
        f"SELECT {KEY}, {sign}SUM(value) FROM ("
        f"SELECT 0 AS process_id, 0 AS year, 0 AS area_id, '' AS measure, '' AS bucket, "
        f"0 AS value WHERE 1 = 0 UNION ALL {contribution_sql(c, dialect, where)}) AS contributed "
        f"WHERE 1 = 1 GROUP BY {KEY} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET value = insight_figure.value + excluded.value"
    )


def _statements(t: Trigger, dialect: str, row: str, sign: str = "", *, own: bool = False) -> str:
    """The upserts of the row's contributions; `own`: only those of the row itself (a row
    just inserted has no dependants yet, and looking for them would cost a scan each)."""
    own = own and not t.dependants_first
    parts = [(c, key) for c, key in t.parts if not own or key.startswith("r.id =")]
    return "; ".join(upsert(c, dialect, key.format(row=row), sign) for c, key in parts)


def _sqlite(t: Trigger) -> list[str]:
    name = f"insight_{t.table}"
    when = " OR ".join(f"OLD.{col} IS NOT NEW.{col}" for col in t.watched)
    take, add = _statements(t, "sqlite", "OLD", "-"), _statements(t, "sqlite", "NEW")
    insert = _statements(t, "sqlite", "NEW", own=True)
    return [
        *(f"DROP TRIGGER IF EXISTS {name}_{s};" for s in STEPS),
        *(
            [f"CREATE TRIGGER {name}_ins AFTER INSERT ON {t.table} BEGIN {insert}; END;"]
            if insert
            else []
        ),
        f"CREATE TRIGGER {name}_upd_old BEFORE UPDATE ON {t.table} WHEN {when} BEGIN {take}; END;",
        f"CREATE TRIGGER {name}_upd_new AFTER UPDATE ON {t.table} WHEN {when} BEGIN {add}; END;",
        f"CREATE TRIGGER {name}_del BEFORE DELETE ON {t.table} BEGIN {take}; END;",
    ]


def _postgres(t: Trigger) -> list[str]:
    name = f"insight_{t.table}"
    when = " OR ".join(f"OLD.{col} IS DISTINCT FROM NEW.{col}" for col in t.watched)
    take, add = _statements(t, "postgres", "OLD", "-"), _statements(t, "postgres", "NEW")
    insert = _statements(t, "postgres", "NEW", own=True)
    return [
        f"""CREATE OR REPLACE FUNCTION {name}_take() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {take}; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$;""",
        f"""CREATE OR REPLACE FUNCTION {name}_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {add}; RETURN NULL; END $$;""",
        f"""CREATE OR REPLACE FUNCTION {name}_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {insert or "NULL"}; RETURN NULL; END $$;""",
        *(f"DROP TRIGGER IF EXISTS {name}_{s} ON {t.table};" for s in STEPS),
        *(
            [
                f"CREATE TRIGGER {name}_ins AFTER INSERT ON {t.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_new();"
            ]
            if insert
            else []
        ),
        f"CREATE TRIGGER {name}_upd_old BEFORE UPDATE ON {t.table} FOR EACH ROW "
        f"WHEN ({when}) EXECUTE FUNCTION {name}_take();",
        f"CREATE TRIGGER {name}_upd_new AFTER UPDATE ON {t.table} FOR EACH ROW "
        f"WHEN ({when}) EXECUTE FUNCTION {name}_add();",
        f"CREATE TRIGGER {name}_del BEFORE DELETE ON {t.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}_take();",
    ]


STEPS = ("ins", "upd_old", "upd_new", "del")


def dialect_of(client: BaseDBAsyncClient) -> str:
    return "postgres" if client.capabilities.dialect == "postgres" else "sqlite"


async def install(client: BaseDBAsyncClient) -> None:
    """(Re)create every contribution's triggers; idempotent."""
    dialect = dialect_of(client)
    for t in TRIGGERS:
        for statement in _postgres(t) if dialect == "postgres" else _sqlite(t):
            await client.execute_script(statement)


async def uninstall(client: BaseDBAsyncClient) -> None:
    postgres = dialect_of(client) == "postgres"
    for t in TRIGGERS:
        for step in STEPS:
            on = f" ON {t.table}" if postgres else ""
            await client.execute_script(f"DROP TRIGGER IF EXISTS insight_{t.table}_{step}{on}")


async def recount(client: BaseDBAsyncClient) -> None:
    """Every kept figure from scratch, in the caller's transaction (turnout aside)."""
    dialect = dialect_of(client)
    measures = ", ".join(f"'{m}'" for m in KEPT_MEASURES)
    await client.execute_query(f"DELETE FROM insight_figure WHERE measure IN ({measures})")
    for c in CONTRIBUTIONS:
        await client.execute_query(upsert(c, dialect, "1 = 1"))


KEPT_MEASURES = (
    "status",
    "asked",
    "funded",
    "supports",
    "comments",
    "opinions",
    "adoption",
    "awarded_fen",
    "confirmed_fen",
    "disbursed_fen",
    "accepted",
    "accepted_late",
    "accept_dayno",
    "rated",
    "rating_sum",
    "letters",
    "letters_timed",
    "letters_on_time",
    "letters_rated",
    "letters_satisfied",
)
