"""Triggers that announce every write a public page could show.

Installed after the migrations (``core.migrations.apply``) on every table of every model,
so a table added by a later migration is covered without anyone remembering to. On
PostgreSQL a statement-level trigger sends ``NOTIFY yishi_pages``: delivered at commit, to
every listening app process, and never for a transaction that rolled back. SQLite has one
file and no notifications: its triggers count writes in the ``page_generation`` row, which
each process reads before serving from its cache.
"""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from core.pagecache.tables import NEVER_SHOWN, SHOWN_COLUMNS

CHANNEL = "yishi_pages"
TRIGGER = "yishi_pages"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION yishi_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{CHANNEL}', '');
  RETURN NULL;
END $$;
"""

SQLITE_COUNTER = """
CREATE TABLE IF NOT EXISTS page_generation (n INTEGER NOT NULL);
INSERT INTO page_generation (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM page_generation);
"""


def model_tables() -> list[str]:
    apps = Tortoise.apps
    assert apps is not None
    return sorted({model._meta.db_table for model in apps.get_models_iterable()})


async def install(client: BaseDBAsyncClient) -> None:
    """(Re)create the triggers of every model table; idempotent."""
    postgres = client.capabilities.dialect == "postgres"
    script = [PG_FUNCTION] if postgres else [SQLITE_COUNTER]
    for table in model_tables():
        script += _postgres(table) if postgres else _sqlite(table)
    await client.execute_script("\n".join(script))


def _update_clause(table: str) -> str:
    columns = SHOWN_COLUMNS.get(table)
    return f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"


def _postgres(table: str) -> list[str]:
    statements = [f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";']
    if table not in NEVER_SHOWN:
        events = f"INSERT OR DELETE OR TRUNCATE OR {_update_clause(table)}"
        statements.append(
            f'CREATE TRIGGER {TRIGGER} AFTER {events} ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION yishi_pages_changed();"
        )
    return statements


def _sqlite(table: str) -> list[str]:
    statements = []
    for name, event in (("ins", "INSERT"), ("del", "DELETE"), ("upd", _update_clause(table))):
        trigger = f'"{TRIGGER}_{table}_{name}"'
        statements.append(f"DROP TRIGGER IF EXISTS {trigger};")
        if table not in NEVER_SHOWN:
            statements.append(
                f'CREATE TRIGGER {trigger} AFTER {event} ON "{table}" '
                "BEGIN UPDATE page_generation SET n = n + 1; END;"
            )
    return statements
