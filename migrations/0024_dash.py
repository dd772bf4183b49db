from tortoise import migrations
from tortoise.migrations import operations as ops
from residents.models import Sex
from tortoise import fields

from insight import rollup


async def forward(apps, schema_editor) -> None:
    """The roll-up's triggers, a first roll-up of the kept figures, and the turnout cells
    already counted moved to the age band × sex buckets (sex unknown until the roster is
    imported again, or the turnout job counts afresh)."""
    client = schema_editor.client
    await rollup.install(client)
    await rollup.rebuild(client)
    await client.execute_query(
        "UPDATE insight_figure SET bucket = bucket || '|u' "
        "WHERE measure IN ('voters', 'electors') AND bucket NOT LIKE '%|%'"
    )


async def backward(apps, schema_editor) -> None:
    await rollup.uninstall(schema_editor.client)
    # Band × sex cells cannot go back to bands in place (two rows per key): the turnout
    # figures go, and the turnout job (or `yishi dashboard rebuild`) counts them again.
    await schema_editor.client.execute_query(
        "DELETE FROM insight_figure WHERE measure IN ('voters', 'electors', 'turnout_gen')"
    )

class Migration(migrations.Migration):
    dependencies = [('yishi', '0023_dashboard')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Rollup',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process_id', fields.IntField(default=0)),
                ('year', fields.IntField(default=0)),
                ('area_id', fields.IntField()),
                ('measure', fields.CharField(max_length=24)),
                ('bucket', fields.CharField(default='', max_length=24)),
                ('value', fields.BigIntField(default=0)),
            ],
            options={'table': 'insight_rollup', 'app': 'yishi', 'unique_together': (('area_id', 'process_id', 'year', 'measure', 'bucket'),), 'pk_attr': 'id', 'table_description': 'A figure summed over an area and everything under it (``insight.rollup``): what a'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='RosterEntry',
            name='sex',
            field=fields.CharEnumField(null=True, description='MALE: m\nFEMALE: f', enum_type=Sex, max_length=1),
        ),
        ops.RunPython(forward, backward),
    ]
