from tortoise import migrations
from tortoise.migrations import operations as ops
from consult.models import Adoption, QuestionKind, TopicStatus
from comments.models import ReportReason, Stance, Visibility
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0003_projects')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subject_type', fields.CharField(max_length=16)),
                ('subject_id', fields.IntField()),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('yishi.User', source_field='author_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('yishi.Comment', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('stance', fields.CharEnumField(null=True, description='SUPPORT: support\nNEUTRAL: neutral\nOPPOSE: oppose', enum_type=Stance, max_length=8)),
                ('body', fields.TextField(unique=False)),
                ('is_official', fields.BooleanField(default=False)),
                ('visibility', fields.CharEnumField(default=Visibility.VISIBLE, description='VISIBLE: visible\nHIDDEN: hidden\nAUTO_HIDDEN: auto_hidden', enum_type=Visibility, max_length=12)),
                ('hidden_reason', fields.CharField(default='', max_length=200)),
                ('hidden_by', fields.ForeignKeyField('yishi.User', source_field='hidden_by_id', null=True, db_constraint=True, to_field='id', related_name='hidden_comments', on_delete=OnDelete.SET_NULL)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('report_count', fields.IntField(default=0)),
                ('reports_reviewed', fields.IntField(default=0)),
                ('support_count', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'comment', 'app': 'yishi', 'indexes': [Index(fields=['subject_type', 'subject_id']), Index(fields=['visibility', 'report_count'])], 'pk_attr': 'id', 'table_description': 'A comment on a subject (a proposal or a consultation topic), or a reply to one.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommentReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('comment', fields.ForeignKeyField('yishi.Comment', source_field='comment_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.CASCADE)),
                ('reporter', fields.ForeignKeyField('yishi.User', source_field='reporter_id', db_constraint=True, to_field='id', related_name='comment_reports', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharEnumField(description='ABUSE: abuse\nSPAM: spam\nPRIVACY: privacy\nOFF_TOPIC: off_topic\nOTHER: other', enum_type=ReportReason, max_length=12)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'comment_report', 'app': 'yishi', 'unique_together': (('comment', 'reporter'),), 'pk_attr': 'id', 'table_description': '举报: one per person per comment (the unique constraint, not a read-then-write).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommentSupport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('comment', fields.ForeignKeyField('yishi.Comment', source_field='comment_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('supporter', fields.ForeignKeyField('yishi.User', source_field='supporter_id', db_constraint=True, to_field='id', related_name='comment_supports', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'comment_support', 'app': 'yishi', 'unique_together': (('comment', 'supporter'),), 'pk_attr': 'id', 'table_description': "A resident backs someone else's opinion. One per person per comment."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpinionFeedback',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('comment', fields.OneToOneField('yishi.Comment', source_field='comment_id', db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.CASCADE)),
                ('adoption', fields.CharEnumField(description='ADOPTED: adopted\nPARTLY: partly\nNOT_ADOPTED: not_adopted', enum_type=Adoption, max_length=12)),
                ('reason', fields.TextField(unique=False)),
                ('official', fields.ForeignKeyField('yishi.User', source_field='official_id', null=True, db_constraint=True, to_field='id', related_name='opinion_feedback', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'consult_feedback', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "反馈: an official's decision on one opinion (adopted / partly / not), with a reason."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Topic',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=100)),
                ('body', fields.TextField(unique=False)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='topics', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=TopicStatus.DRAFT, description='DRAFT: draft\nOPEN: open\nCLOSED: closed\nANSWERED: answered', enum_type=TopicStatus, max_length=10)),
                ('opens_on', fields.DateField()),
                ('closes_on', fields.DateField()),
                ('response', fields.TextField(default='', unique=False)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('yishi.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='topics', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'consult_topic', 'app': 'yishi', 'indexes': [Index(fields=['status', 'closes_on'])], 'pk_attr': 'id', 'table_description': '意见征集议题: a draft policy or plan put to the residents of an area.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Question',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('yishi.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('kind', fields.CharEnumField(description='SINGLE: single\nMULTIPLE: multiple\nSCALE: scale\nTEXT: text', enum_type=QuestionKind, max_length=10)),
                ('prompt', fields.CharField(max_length=200)),
                ('required', fields.BooleanField(default=True)),
                ('min_choices', fields.IntField(default=0)),
                ('max_choices', fields.IntField(default=0)),
            ],
            options={'table': 'consult_question', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '问卷题目, in `position` order.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QuestionOption',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.ForeignKeyField('yishi.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='options', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('label', fields.CharField(max_length=100)),
            ],
            options={'table': 'consult_option', 'app': 'yishi', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('yishi.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('respondent', fields.ForeignKeyField('yishi.User', source_field='respondent_id', db_constraint=True, to_field='id', related_name='consult_responses', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'consult_response', 'app': 'yishi', 'unique_together': (('topic', 'respondent'),), 'pk_attr': 'id', 'table_description': '答卷: one per resident per topic (a unique constraint), editable until close.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Answer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('response', fields.ForeignKeyField('yishi.SurveyResponse', source_field='response_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('question', fields.ForeignKeyField('yishi.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('option', fields.ForeignKeyField('yishi.QuestionOption', source_field='option_id', null=True, db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('scale', fields.SmallIntField(null=True)),
                ('text', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'consult_answer', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'One answer of a response: a picked option (one row per pick), a scale or text.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TopicDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('yishi.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('stored_name', fields.CharField(unique=True, max_length=64)),
                ('original_name', fields.CharField(max_length=120)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('uploaded_by', fields.ForeignKeyField('yishi.User', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name='topic_documents', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'consult_document', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "An attached draft (PDF/DOCX/XLSX), kept under a generated name, never the client's."},
            bases=['Model'],
        ),
    ]
