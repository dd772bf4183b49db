from tortoise import migrations
from tortoise.migrations import operations as ops
from letters.models import EventKind, Extension, LetterKind, LetterStatus, Rating
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0011_notify')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Letter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('writer', fields.ForeignKeyField('yishi.User', source_field='writer_id', null=True, db_constraint=True, to_field='id', related_name='letters', on_delete=OnDelete.SET_NULL)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='letters', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='CONSULT: consult\nSUGGEST: suggest\nHELP: help\nCOMPLAIN: complain\nPRAISE: praise', enum_type=LetterKind, max_length=10)),
                ('subject', fields.CharField(max_length=60)),
                ('text', fields.TextField(unique=False)),
                ('is_public', fields.BooleanField(default=False)),
                ('show_name', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=LetterStatus.NEW, description='NEW: new\nACCEPTED: accepted\nREPLIED: replied\nDECLINED: declined', enum_type=LetterStatus, max_length=10)),
                ('similar_to', fields.ForeignKeyField('yishi.Letter', source_field='similar_to_id', null=True, db_constraint=True, to_field='id', related_name='similar', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('received_on', fields.DateField()),
                ('accept_due', fields.DateField()),
                ('reply_due', fields.DateField()),
                ('due_provisional', fields.BooleanField(default=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('accepted_on_time', fields.BooleanField(null=True)),
                ('decline_reason', fields.CharField(default='', max_length=40)),
                ('decline_note', fields.CharField(default='', max_length=500)),
                ('transfers', fields.IntField(default=0)),
                ('extension', fields.CharEnumField(default=Extension.NONE, description='NONE: \nREQUESTED: requested\nAPPROVED: approved\nREFUSED: refused', enum_type=Extension, max_length=10)),
                ('extension_reason', fields.CharField(default='', max_length=500)),
                ('extension_days', fields.IntField(default=0)),
                ('extension_by', fields.ForeignKeyField('yishi.User', source_field='extension_by_id', null=True, db_constraint=True, to_field='id', related_name='letter_extensions', on_delete=OnDelete.SET_NULL)),
                ('replied_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('first_replied_on', fields.DateField(null=True)),
                ('replied_on_time', fields.BooleanField(null=True)),
                ('reply_working_days', fields.IntField(null=True)),
                ('rating', fields.CharEnumField(null=True, description='SATISFIED: satisfied\nBASIC: basic\nUNSATISFIED: unsatisfied', enum_type=Rating, max_length=12)),
                ('rating_reason', fields.CharField(default='', max_length=500)),
                ('rated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reopened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'letter', 'app': 'yishi', 'indexes': [Index(fields=['status', 'reply_due']), Index(fields=['writer_id', 'created_at']), Index(fields=['area_id', 'status'])], 'pk_attr': 'id', 'table_description': "来信: one resident's letter to the officials of one area."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LetterEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('letter', fields.ForeignKeyField('yishi.Letter', source_field='letter_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='WRITTEN: written\nACCEPTED: accepted\nTRANSFERRED: transferred\nDECLINED: declined\nEXTENSION_REQUESTED: extension_requested\nEXTENSION_APPROVED: extension_approved\nEXTENSION_REFUSED: extension_refused\nREPLIED: replied\nRATED: rated\nREOPENED: reopened\nESCALATED: escalated', enum_type=EventKind, max_length=24)),
                ('actor', fields.ForeignKeyField('yishi.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='letter_events', on_delete=OnDelete.SET_NULL)),
                ('office', fields.CharField(default='', max_length=64)),
                ('note', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'letter_event', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "One step of a letter's handling, shown as its history (办理过程)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LetterReply',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('letter', fields.ForeignKeyField('yishi.Letter', source_field='letter_id', db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(unique=False)),
                ('author', fields.ForeignKeyField('yishi.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='letter_replies', on_delete=OnDelete.SET_NULL)),
                ('office', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'letter_reply', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '答复: public with the letter when the writer allowed publishing.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LetterFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('letter', fields.ForeignKeyField('yishi.Letter', source_field='letter_id', db_constraint=True, to_field='id', related_name='files', on_delete=OnDelete.CASCADE)),
                ('reply', fields.ForeignKeyField('yishi.LetterReply', source_field='reply_id', null=True, db_constraint=True, to_field='id', related_name='files', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('stored_name', fields.CharField(max_length=64)),
                ('thumb_name', fields.CharField(default='', max_length=64)),
                ('original_name', fields.CharField(max_length=120)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
            ],
            options={'table': 'letter_file', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "A photo or PDF of a letter (the writer's) or of a reply (the office's)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScheduleDay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField(unique=True)),
                ('is_workday', fields.BooleanField()),
                ('note', fields.CharField(default='', max_length=40)),
            ],
            options={'table': 'letter_schedule_day', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A listed day of an entered year: a holiday, or a 调休 working day.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScheduleYear',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField(unique=True)),
                ('source', fields.CharField(default='', max_length=200)),
                ('entered_by', fields.ForeignKeyField('yishi.User', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name='schedules', on_delete=OnDelete.SET_NULL)),
                ('entered_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'letter_schedule_year', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A year whose holiday schedule an admin entered (from the State Council notice).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Proposal',
            name='from_letter',
            field=fields.ForeignKeyField('yishi.Letter', source_field='from_letter_id', null=True, db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Topic',
            name='from_letter',
            field=fields.ForeignKeyField('yishi.Letter', source_field='from_letter_id', null=True, db_constraint=True, to_field='id', related_name='topics', on_delete=OnDelete.SET_NULL),
        ),
    ]
