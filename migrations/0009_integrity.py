"""One ID number, one vote per ballot box, whatever rosters hold it (issue 14 item 3).

The voter mark gains the person's ID hash (copied from the roster entry that voted) and
the unique (box, id_hash). Existing marks are filled from their roster entries before the
column is made NOT NULL; a database whose marks already break the rule (two entries of one
person marked in one box) stops here, for someone to look at, rather than guess.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

FILL = (
    "UPDATE voter_mark SET id_hash ="
    " (SELECT e.id_hash FROM roster_entry e WHERE e.id = voter_mark.entry_id)"
)


class AddFilledField(ops.AddField):
    """Add the NOT NULL column to a table that may already hold rows: with a default
    first, filled from the roster, then (PostgreSQL) without the default."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if not state_editor:
            return
        client = state_editor.client
        await client.execute_script(
            "ALTER TABLE voter_mark ADD COLUMN id_hash VARCHAR(64) NOT NULL DEFAULT ''"
        )
        await client.execute_script(FILL)
        if client.capabilities.dialect == "postgres":
            await client.execute_script("ALTER TABLE voter_mark ALTER COLUMN id_hash DROP DEFAULT")


class Migration(migrations.Migration):
    dependencies = [('yishi', '0008_accountability')]

    initial = False

    operations = [
        AddFilledField(
            model_name='VoterMark',
            name='id_hash',
            field=fields.CharField(max_length=64),
        ),
        ops.AddConstraint(
            model_name='VoterMark',
            constraint=UniqueConstraint(fields=('box', 'id_hash'), name=None),
        ),
    ]
