"""Write generations: a number that moves whenever any of a named group of tables is written.

A package declares a group beside its models (``counted("ballots", "ballot", ...)``) and
later asks ``current("ballots")``: if the number is what it was when a result was computed,
no row of those tables has changed since, whoever wrote them (the ORM, a COPY, a hand-typed
UPDATE). Triggers keep the counter, so it is a property of the data, not of the code paths
that remember to bump it. Installed after the migrations (``core.migrations.apply``).

On PostgreSQL one statement-level trigger per table bumps the group's row once a statement
(a COPY of a million ballots costs one UPDATE); SQLite has only row triggers. The counter
row is locked by a writing transaction until it commits, so a group is only for tables
written seldom and in bulk (opening a box, an import), never for a hot path.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from core import sql

GROUPS: dict[str, tuple[str, ...]] = {}

TABLE = "write_generation"

PG_SCRIPT = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (name VARCHAR(32) PRIMARY KEY, n BIGINT NOT NULL);
CREATE OR REPLACE FUNCTION yishi_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {TABLE} SET n = n + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END $$;
"""

SQLITE_SCRIPT = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (name VARCHAR(32) PRIMARY KEY, n INTEGER NOT NULL);"
)


def counted(group: str, *tables: str) -> None:
    """Count every write to ``tables`` in ``group``'s generation."""
    GROUPS[group] = tables


async def install(client: BaseDBAsyncClient) -> None:
    """(Re)create the counters and their triggers; idempotent, keeps the numbers."""
    postgres = client.capabilities.dialect == "postgres"
    script = [PG_SCRIPT if postgres else SQLITE_SCRIPT]
    for group, tables in sorted(GROUPS.items()):
        script.append(
            f"INSERT INTO {TABLE} (name, n) VALUES ('{group}', 0) ON CONFLICT DO NOTHING;"
        )
        for table in tables:
            script += _postgres(group, table) if postgres else _sqlite(group, table)
    await client.execute_script("\n".join(script))


def _postgres(group: str, table: str) -> list[str]:
    trigger = f"yishi_generation_{group}"
    return [
        f'DROP TRIGGER IF EXISTS {trigger} ON "{table}";',
        f'CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION yishi_generation_bump('{group}');",
    ]


def _sqlite(group: str, table: str) -> list[str]:
    statements = []
    for name, event in (("ins", "INSERT"), ("del", "DELETE"), ("upd", "UPDATE")):
        trigger = f'"yishi_generation_{group}_{table}_{name}"'
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger};",
            f'CREATE TRIGGER {trigger} AFTER {event} ON "{table}" '
            f"BEGIN UPDATE {TABLE} SET n = n + 1 WHERE name = '{group}'; END;",
        ]
    return statements


async def current(group: str) -> int:
    """The group's generation now, on the primary or the current transaction's connection
    (read it before reading the tables it covers)."""
    rows = await sql.fetch(f"SELECT n FROM {TABLE} WHERE name = $1", group)
    if not rows:
        raise LookupError(f"no write generation {group!r}: were the migrations applied?")
    return int(rows[0]["n"])
