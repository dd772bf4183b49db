"""The kept figures rolled up the area tree: every figure also counts at each ancestor.

A district page would otherwise sum every village's counters per visit (~6,000 rows a
year at district scale); with the roll-up it reads its own row and its streets' rows per
measure. The roll-up is kept by triggers on ``insight_figure`` itself, so whatever writes a
figure (the contributions' triggers, a recount) moves its ancestors' rows in the same
transaction, and no source table's trigger needs to know about the tree.

Turnout (``voters``, ``electors``) stays out: it is recounted per process by a job and
published from its own per-process cells (``insight.published``).

Area codes are 12 digits, so an area's ancestors are the prefixes of its path at every
13 characters: found through the path index, not by scanning ``area``. The price of a
row per district and measure is that writes of one kind across the district (supports,
say) queue on it for the rest of their short transactions; their rate allows it.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

KEY = "process_id, year, area_id, measure, bucket"
NOT_ROLLED = "('voters', 'electors', 'turnout_gen')"
DEPTH = 6  # levels of the tree an area may sit at (省 … 村 with room to spare)
LEVEL = 13  # "/" + a 12-digit code


def ancestors_of(alias: str) -> str:
    """A condition: ``anc`` is `alias` itself or one of its ancestors ("/a/" of "/a/b/")."""
    prefixes = ", ".join(f"substr({alias}.path, 1, {LEVEL * k + 1})" for k in range(1, DEPTH + 1))
    return f"anc.path IN ({prefixes})"


def with_ancestors(alias: str, dialect: str) -> str:
    """FROM-clause text: `alias` (an area) joined to each of its ancestors and itself, as
    ``anc``. PostgreSQL would test the six prefixes against every area row (a third of a
    millisecond per figure written, at district size); unnested first, they are a hash
    join of a few rows."""
    if dialect != "postgres":
        return f"area {alias} JOIN area anc ON {ancestors_of(alias)}"
    prefixes = ", ".join(f"substr({alias}.path, 1, {LEVEL * k + 1})" for k in range(1, DEPTH + 1))
    return (
        f"area {alias} CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[{prefixes}])) "
        "AS prefix(path) JOIN area anc ON anc.path = prefix.path"
    )


def _add(row: str, value: str, dialect: str) -> str:
    """Add `value` at the row's area and every ancestor of it."""
    return (
        f"INSERT INTO insight_rollup ({KEY}, value) "
        f"SELECT {row}.process_id, {row}.year, anc.id, {row}.measure, {row}.bucket, {value} "
        f"FROM {with_ancestors('a', dialect)} WHERE a.id = {row}.area_id "
        # Rows locked from the district down in every writer, whatever the plan: two
        # writers never hold one ancestor each while waiting for the other's.
        "ORDER BY anc.path "
        "ON CONFLICT (area_id, process_id, year, measure, bucket) "
        "DO UPDATE SET value = insight_rollup.value + excluded.value"
    )


SAME_KEY = " AND ".join(f"OLD.{c} = NEW.{c}" for c in KEY.split(", "))
ROLLED = "NEW.measure NOT IN " + NOT_ROLLED
ROLLED_OLD = "OLD.measure NOT IN " + NOT_ROLLED
# (step, timing, condition, body); a key never changes in practice (the figures are only
# ever upserted by value), but if one did, the old key's rows would lose what it had.


def steps(dialect: str) -> tuple[tuple[str, str, str, str], ...]:
    """(step, timing, condition, body); a key never changes in practice (the figures are
    only ever upserted by value), but if one did, the old key's rows lose what it had."""
    return (
        ("ins", "AFTER INSERT", ROLLED, _add("NEW", "NEW.value", dialect)),
        (
            "upd",
            "AFTER UPDATE",
            f"{ROLLED} AND {SAME_KEY} AND OLD.value <> NEW.value",
            _add("NEW", "NEW.value - OLD.value", dialect),
        ),
        (
            "mov_old",
            "AFTER UPDATE",
            f"{ROLLED_OLD} AND NOT ({SAME_KEY})",
            _add("OLD", "-OLD.value", dialect),
        ),
        (
            "mov_new",
            "AFTER UPDATE",
            f"{ROLLED} AND NOT ({SAME_KEY})",
            _add("NEW", "NEW.value", dialect),
        ),
        ("del", "AFTER DELETE", ROLLED_OLD, _add("OLD", "-OLD.value", dialect)),
    )


STEPS = ("ins", "upd", "mov_old", "mov_new", "del")
REBUILD = (
    "DELETE FROM insight_rollup",
    f"INSERT INTO insight_rollup ({KEY}, value) "
    "SELECT f.process_id, f.year, anc.id, f.measure, f.bucket, SUM(f.value) "
    f"FROM insight_figure f JOIN area a ON a.id = f.area_id JOIN area anc ON {ancestors_of('a')} "
    f"WHERE f.measure NOT IN {NOT_ROLLED} "
    "GROUP BY f.process_id, f.year, anc.id, f.measure, f.bucket",
)


def _sqlite() -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS insight_rollup_{step};" for step in STEPS]
    creates = [
        f"CREATE TRIGGER insight_rollup_{step} {timing} ON insight_figure "
        f"WHEN {when} BEGIN {body}; END;"
        for step, timing, when, body in steps("sqlite")
    ]
    moved = (
        "CREATE TRIGGER insight_rollup_area AFTER UPDATE OF path ON area "
        f"WHEN OLD.path IS NOT NEW.path BEGIN {'; '.join(REBUILD)}; END;"
    )
    return [*drops, "DROP TRIGGER IF EXISTS insight_rollup_area;", *creates, moved]


def _postgres() -> list[str]:
    statements = []
    for step, timing, when, body in steps("postgres"):
        name = f"insight_rollup_{step}"
        back = "OLD" if step == "del" else "NEW"
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN {back}; END $$;",
            f"DROP TRIGGER IF EXISTS {name} ON insight_figure;",
            f"CREATE TRIGGER {name} {timing} ON insight_figure FOR EACH ROW "
            f"WHEN ({when}) EXECUTE FUNCTION {name}();",
        ]
    # An area moved in the tree (a 撤村并居): its figures now count under other ancestors.
    return [
        *statements,
        "CREATE OR REPLACE FUNCTION insight_rollup_area() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {'; '.join(REBUILD)}; RETURN NULL; END $$;",
        "DROP TRIGGER IF EXISTS insight_rollup_area ON area;",
        "CREATE TRIGGER insight_rollup_area AFTER UPDATE OF path ON area FOR EACH ROW "
        "WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION insight_rollup_area();",
    ]


def _dialect(client: BaseDBAsyncClient) -> str:
    return "postgres" if client.capabilities.dialect == "postgres" else "sqlite"


async def install(client: BaseDBAsyncClient) -> None:
    """(Re)create the roll-up's triggers; idempotent. Apart from ``insight.keeping``'s:
    migrations before the roll-up's table (0023) install those and must not these."""
    dialect = _dialect(client)
    for statement in _postgres() if dialect == "postgres" else _sqlite():
        await client.execute_script(statement)


async def uninstall(client: BaseDBAsyncClient) -> None:
    dialect = _dialect(client)
    for step in STEPS:
        on = " ON insight_figure" if dialect == "postgres" else ""
        await client.execute_script(f"DROP TRIGGER IF EXISTS insight_rollup_{step}{on}")
    on = " ON area" if dialect == "postgres" else ""
    await client.execute_script(f"DROP TRIGGER IF EXISTS insight_rollup_area{on}")


async def rebuild(client: BaseDBAsyncClient) -> None:
    """The roll-up afresh from the figures, in the caller's transaction."""
    for statement in REBUILD:
        await client.execute_query(statement)
