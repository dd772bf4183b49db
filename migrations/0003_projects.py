from tortoise import migrations
from tortoise.migrations import operations as ops
from projects.models import Category, Feasibility, Phase, ProposalStatus, TallyRule, VotingMethod
from tortoise.fields.base import OnDelete
from projects.meeting import MeetingKind
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0002_audit_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Process',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='processes', on_delete=OnDelete.RESTRICT)),
                ('budget_fen', fields.BigIntField()),
                ('phase', fields.CharEnumField(default=Phase.DRAFT, description='DRAFT: draft\nCOLLECTING: collecting\nREVIEWING: reviewing\nVOTING: voting\nTALLYING: tallying\nPUBLICITY: publicity\nFUNDED: funded\nIMPLEMENTING: implementing\nCLOSED: closed', enum_type=Phase, max_length=16)),
                ('voting_method', fields.CharEnumField(description='APPROVAL: approval\nKNAPSACK: knapsack\nCUMULATIVE: cumulative\nRANKED: ranked\nCHOOSE_ONE: choose-1', enum_type=VotingMethod, max_length=16)),
                ('tally_rule', fields.CharEnumField(description='GREEDY: greedy\nGREEDY_NO_SKIP: greedy-no-skip\nGREEDY_THRESHOLD: greedy-threshold\nEQUAL_SHARES: equalshares\nEQUAL_SHARES_ADD1: equalshares/add1\nYISHI: yishi', enum_type=TallyRule, max_length=24)),
                ('min_picks', fields.IntField(default=0)),
                ('max_picks', fields.IntField(default=0)),
                ('points_total', fields.IntField(default=0)),
                ('points_per_project', fields.IntField(default=0)),
                ('knapsack_min_share', fields.IntField(default=0)),
                ('vote_threshold', fields.IntField(default=0)),
                ('vote_threshold_is_share', fields.BooleanField(default=False)),
                ('min_voter_age', fields.IntField(default=18)),
                ('support_threshold', fields.IntField(default=0)),
                ('subsidy_ratio', fields.DecimalField(default=1, max_digits=5, decimal_places=4)),
                ('subsidy_cap_fen', fields.BigIntField(null=True)),
                ('collecting_start', fields.DateField(null=True)),
                ('collecting_end', fields.DateField(null=True)),
                ('voting_start', fields.DateField(null=True)),
                ('voting_end', fields.DateField(null=True)),
                ('publicity_days', fields.IntField(default=7)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'process', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '参与式预算批次: one budgeting round over an area, with its money and rules.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Heading',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process', fields.ForeignKeyField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='headings', on_delete=OnDelete.CASCADE)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='headings', on_delete=OnDelete.RESTRICT)),
                ('budget_fen', fields.BigIntField()),
            ],
            options={'table': 'heading', 'app': 'yishi', 'unique_together': (('process', 'area'),), 'pk_attr': 'id', 'table_description': '分项预算: a sub-budget for one area of the process (one ballot box each).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PhaseLog',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process', fields.ForeignKeyField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='phase_log', on_delete=OnDelete.CASCADE)),
                ('phase', fields.CharEnumField(description='DRAFT: draft\nCOLLECTING: collecting\nREVIEWING: reviewing\nVOTING: voting\nTALLYING: tallying\nPUBLICITY: publicity\nFUNDED: funded\nIMPLEMENTING: implementing\nCLOSED: closed', enum_type=Phase, max_length=16)),
                ('entered_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'phase_log', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'When a process actually entered each phase (the public timeline shows it).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Proposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process', fields.ForeignKeyField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.RESTRICT)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('yishi.User', source_field='author_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.RESTRICT)),
                ('on_behalf_of_village', fields.BooleanField(default=False)),
                ('title', fields.CharField(max_length=60)),
                ('summary', fields.CharField(default='', max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('category', fields.CharEnumField(default=Category.OTHER, description='ROAD: road\nWATER: water\nLIGHTING: lighting\nSANITATION: sanitation\nCULTURE: culture\nELDERLY: elderly\nEDUCATION: education\nOTHER: other', enum_type=Category, max_length=16)),
                ('location', fields.CharField(default='', max_length=100)),
                ('total_cost_fen', fields.BigIntField(default=0)),
                ('villager_funds_fen', fields.BigIntField(default=0)),
                ('labour_days', fields.IntField(default=0)),
                ('donations_fen', fields.BigIntField(default=0)),
                ('requested_subsidy_fen', fields.BigIntField(default=0)),
                ('beneficiaries_people', fields.IntField(default=0)),
                ('beneficiaries_households', fields.IntField(default=0)),
                ('meeting_kind', fields.CharEnumField(default=MeetingKind.VILLAGERS, description='VILLAGERS: villagers\nHOUSEHOLDS: households', enum_type=MeetingKind, max_length=16)),
                ('meeting_date', fields.DateField(null=True)),
                ('meeting_eligible', fields.IntField(default=0)),
                ('meeting_present', fields.IntField(default=0)),
                ('meeting_in_favour', fields.IntField(default=0)),
                ('status', fields.CharEnumField(default=ProposalStatus.DRAFT, description='DRAFT: draft\nSUBMITTED: submitted\nACCEPTED: accepted\nREJECTED: rejected\nWITHDRAWN: withdrawn\nFUNDED: funded\nNOT_FUNDED: not_funded\nIMPLEMENTING: implementing\nCOMPLETED: completed', enum_type=ProposalStatus, max_length=16)),
                ('support_count', fields.IntField(default=0)),
                ('feasibility', fields.CharEnumField(null=True, description='FEASIBLE: feasible\nCONDITIONAL: conditional\nINFEASIBLE: infeasible', enum_type=Feasibility, max_length=16)),
                ('reviewed_cost_fen', fields.BigIntField(null=True)),
                ('official_answer', fields.TextField(default='', unique=False)),
                ('rejection_reason', fields.CharField(default='', max_length=500)),
                ('reviewed_by', fields.ForeignKeyField('yishi.User', source_field='reviewed_by_id', null=True, db_constraint=True, to_field='id', related_name='reviewed_proposals', on_delete=OnDelete.SET_NULL)),
                ('reviewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'proposal', 'app': 'yishi', 'indexes': [Index(fields=['process_id', 'status'])], 'pk_attr': 'id', 'table_description': '项目提案: a public-welfare project proposed for one village or community.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('stored_name', fields.CharField(max_length=64)),
                ('thumb_name', fields.CharField(default='', max_length=64)),
                ('original_name', fields.CharField(max_length=120)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'attachment', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A photo or a PDF (e.g. meeting minutes). Stored under a generated name, never the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Support',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'support', 'app': 'yishi', 'unique_together': (('proposal', 'user'),), 'pk_attr': 'id', 'table_description': '附议: a resident backs a proposal while collecting. One per person (unique).'},
            bases=['Model'],
        ),
    ]
