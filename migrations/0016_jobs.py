from tortoise import migrations
from tortoise.migrations import operations as ops
from notify.models import JobState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0015_tally_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Job',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=32)),
                ('subject', fields.CharField(max_length=64)),
                ('title', fields.CharField(max_length=120)),
                ('link', fields.CharField(default='', max_length=255)),
                ('state', fields.CharEnumField(default=JobState.QUEUED, description='QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed', enum_type=JobState, max_length=8)),
                ('progress', fields.CharField(default='', max_length=200)),
                ('outcome', fields.CharField(default='', max_length=500)),
                ('requested_by', fields.ForeignKeyField('yishi.User', source_field='requested_by_id', null=True, db_constraint=True, to_field='id', related_name='jobs', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'job', 'app': 'yishi', 'indexes': [Index(fields=['state', 'id']), Index(fields=['kind', 'subject'])], 'pk_attr': 'id', 'table_description': 'A one-off piece of background work a staff action asked for (a tally): queued in the'},
            bases=['Model'],
        ),
    ]
