from tortoise import migrations
from tortoise.migrations import operations as ops
from accountability.implementation.models import MilestoneKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0007_results')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Milestone',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='milestones', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='START: start\nPROGRESS: progress\nCOMPLETE: complete\nACCEPT: accept', enum_type=MilestoneKind, max_length=16)),
                ('happened_on', fields.DateField()),
                ('progress_pct', fields.IntField()),
                ('note', fields.TextField(default='', unique=False)),
                ('recorded_by', fields.ForeignKeyField('yishi.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='milestones_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'milestone', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'One reported step with its date and the progress reached, entered by an official.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MilestoneFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('milestone', fields.ForeignKeyField('yishi.Milestone', source_field='milestone_id', db_constraint=True, to_field='id', related_name='files', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('stored_name', fields.CharField(max_length=64)),
                ('thumb_name', fields.CharField(default='', max_length=64)),
                ('original_name', fields.CharField(max_length=120)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
            ],
            options={'table': 'milestone_file', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A site photo or a document (acceptance report, invoice scan) of one milestone.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Objection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process', fields.ForeignKeyField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.RESTRICT)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', null=True, db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('yishi.User', source_field='author_id', db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.RESTRICT)),
                ('author_area', fields.ForeignKeyField('yishi.Area', source_field='author_area_id', null=True, db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.SET_NULL)),
                ('reason', fields.TextField(unique=False)),
                ('file_kind', fields.CharField(default='', max_length=8)),
                ('stored_name', fields.CharField(default='', max_length=64)),
                ('original_name', fields.CharField(default='', max_length=120)),
                ('content_type', fields.CharField(default='', max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('answer', fields.TextField(default='', unique=False)),
                ('answered_by', fields.ForeignKeyField('yishi.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='objections_answered', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'objection', 'app': 'yishi', 'indexes': [Index(fields=['process_id', 'answered_at'])], 'pk_attr': 'id', 'table_description': '异议: a verified resident disputes the award list (no proposal) or one project.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Spend',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='spends', on_delete=OnDelete.CASCADE)),
                ('amount_fen', fields.BigIntField()),
                ('spent_on', fields.DateField()),
                ('purpose', fields.CharField(max_length=200)),
                ('recorded_by', fields.ForeignKeyField('yishi.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='spends_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('confirmed_by', fields.ForeignKeyField('yishi.User', source_field='confirmed_by_id', null=True, db_constraint=True, to_field='id', related_name='spends_confirmed', on_delete=OnDelete.SET_NULL)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'spend', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '实际支出: subsidy money actually spent, entered by an official, confirmed by finance.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkPlan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.OneToOneField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='work_plan', on_delete=OnDelete.CASCADE)),
                ('planned_start', fields.DateField()),
                ('planned_finish', fields.DateField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'work_plan', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "The planned dates of one funded project: what 'overdue' is measured against."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='session_version',
            field=fields.IntField(default=0),
        ),
    ]
