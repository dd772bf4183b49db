from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0016_jobs')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProjectRating',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('yishi.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='ratings', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='project_ratings', on_delete=OnDelete.SET_NULL)),
                ('score', fields.SmallIntField()),
                ('comment', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('answer', fields.TextField(default='', unique=False)),
                ('answered_by', fields.ForeignKeyField('yishi.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='project_ratings_answered', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('comment_hidden', fields.BooleanField(default=False)),
                ('hidden_reason', fields.CharField(default='', max_length=200)),
                ('hidden_by', fields.ForeignKeyField('yishi.User', source_field='hidden_by_id', null=True, db_constraint=True, to_field='id', related_name='project_ratings_hidden', on_delete=OnDelete.SET_NULL)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'project_rating', 'app': 'yishi', 'unique_together': (('proposal', 'user'),), 'pk_attr': 'id', 'table_description': "One resident's rating of one funded project, with the officials' answer."},
            bases=['Model'],
        ),
    ]
