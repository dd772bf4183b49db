from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0006_ballots')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TallySnapshot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='snapshots', on_delete=OnDelete.RESTRICT)),
                ('rule', fields.CharField(max_length=24)),
                ('rule_version', fields.CharField(max_length=16)),
                ('input_hash', fields.CharField(max_length=64)),
                ('ballots', fields.IntField()),
                ('result', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('created_by', fields.ForeignKeyField('yishi.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='tally_snapshots', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'tally_snapshot', 'app': 'yishi', 'unique_together': (('box', 'input_hash'),), 'pk_attr': 'id', 'table_description': '计票结果: the result of one ballot box, stored once and never changed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Award',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.OneToOneField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='award', on_delete=OnDelete.RESTRICT)),
                ('snapshot', fields.ForeignKeyField('yishi.TallySnapshot', source_field='snapshot_id', db_constraint=True, to_field='id', related_name='awards', on_delete=OnDelete.RESTRICT)),
                ('votes', fields.IntField()),
                ('subsidy_fen', fields.BigIntField()),
                ('confirmed_fen', fields.BigIntField(null=True)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('confirmed_by', fields.ForeignKeyField('yishi.User', source_field='confirmed_by_id', null=True, db_constraint=True, to_field='id', related_name='awards_confirmed', on_delete=OnDelete.SET_NULL)),
                ('disbursed_fen', fields.BigIntField(default=0)),
                ('disbursed_on', fields.DateField(null=True)),
            ],
            options={'table': 'award', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "一事一议奖补: one funded proposal's subsidy, then finance's confirmation and payments."},
            bases=['Model'],
        ),
    ]
