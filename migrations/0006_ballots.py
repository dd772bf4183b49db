from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from votes.models import Channel
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0005_auto_20261128_0118')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BallotBox',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=32)),
                ('process', fields.ForeignKeyField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='ballot_boxes', on_delete=OnDelete.CASCADE)),
                ('heading', fields.ForeignKeyField('yishi.Heading', source_field='heading_id', null=True, db_constraint=True, to_field='id', related_name='ballot_boxes', on_delete=OnDelete.CASCADE)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='ballot_boxes', on_delete=OnDelete.RESTRICT)),
                ('budget_fen', fields.BigIntField()),
            ],
            options={'table': 'ballot_box', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '投票箱: one per process × heading (one for the whole process when it has none).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Ballot',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='ballots', on_delete=OnDelete.RESTRICT)),
                ('voter_key', fields.CharField(null=True, max_length=64)),
                ('receipt_hash', fields.CharField(unique=True, max_length=64)),
                ('channel', fields.CharEnumField(description='ONLINE: online\nPAPER: paper', enum_type=Channel, max_length=8)),
                ('cast_on', fields.DateField()),
            ],
            options={'table': 'ballot', 'app': 'yishi', 'unique_together': (('box', 'voter_key'),), 'pk_attr': 'id', 'table_description': 'A counted ballot. Holds no user id (see votes.ballots.secrecy): random id, the day'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BallotMark',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ballot', fields.ForeignKeyField('yishi.Ballot', source_field='ballot_id', db_constraint=True, to_field='id', related_name='marks', on_delete=OnDelete.CASCADE)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='ballot_marks', on_delete=OnDelete.RESTRICT)),
                ('value', fields.IntField()),
            ],
            options={'table': 'ballot_mark', 'app': 'yishi', 'unique_together': (('ballot', 'proposal'),), 'pk_attr': 'id', 'table_description': 'One project on a ballot: 1 (approval, knapsack, choose-1), points, or rank.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MeetingTally',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='meeting_tallies', on_delete=OnDelete.RESTRICT)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='meeting_tallies', on_delete=OnDelete.RESTRICT)),
                ('meeting_date', fields.DateField()),
                ('present', fields.IntField()),
                ('in_favour', fields.IntField()),
                ('recorded_by', fields.ForeignKeyField('yishi.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='meeting_tallies', on_delete=OnDelete.SET_NULL)),
                ('recorded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'meeting_tally', 'app': 'yishi', 'unique_together': (('box', 'proposal'),), 'pk_attr': 'id', 'table_description': 'Village-meeting show-of-hands totals for one proposal, kept apart from ballots.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VoterMark',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='voter_marks', on_delete=OnDelete.RESTRICT)),
                ('entry', fields.ForeignKeyField('yishi.RosterEntry', source_field='entry_id', db_constraint=True, to_field='id', related_name='voter_marks', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='ONLINE: online\nPAPER: paper', enum_type=Channel, max_length=8)),
            ],
            options={'table': 'voter_mark', 'app': 'yishi', 'unique_together': (('box', 'entry'),), 'pk_attr': 'id', 'table_description': '名册投票标记: that (not what) a roster entry voted in a box, and by which channel.'},
            bases=['Model'],
        ),
    ]
