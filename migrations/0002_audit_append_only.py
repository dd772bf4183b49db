"""The audit log is append-only: on PostgreSQL (production) the database itself refuses
UPDATE and DELETE on audit_entry, so not even a bug or a stray SQL session can rewrite it.
SQLite (the embedded demo default) relies on the application, which never updates it."""

from tortoise import migrations
from tortoise.migrations import operations as ops

FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only';
END
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_append_only()",
]


def _is_postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def forward(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for statement in FORWARD:
            await schema_editor.client.execute_script(statement)


async def backward(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for statement in BACKWARD:
            await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("yishi", "0001_initial")]

    operations = [ops.RunPython(forward, backward)]
