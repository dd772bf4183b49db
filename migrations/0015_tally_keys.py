from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0014_reach')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TallyInputKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='tally_keys', on_delete=OnDelete.RESTRICT)),
                ('snapshot', fields.ForeignKeyField('yishi.TallySnapshot', source_field='snapshot_id', db_constraint=True, to_field='id', related_name='keys', on_delete=OnDelete.CASCADE)),
                ('ballot_generation', fields.BigIntField()),
                ('terms_hash', fields.CharField(max_length=64)),
                ('marked', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'tally_input_key', 'app': 'yishi', 'unique_together': (('box', 'ballot_generation', 'terms_hash'),), 'pk_attr': 'id', 'table_description': 'What one tally of a box read besides its ballots, so that a re-run on an unchanged'},
            bases=['Model'],
        ),
    ]
