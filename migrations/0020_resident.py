from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0019_books')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PendingAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='pending_attachments', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=8)),
                ('stored_name', fields.CharField(max_length=64)),
                ('thumb_name', fields.CharField(default='', max_length=64)),
                ('original_name', fields.CharField(max_length=120)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pending_attachment', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A checked and stored file from a proposal form that came back with an error: kept'},
            bases=['Model'],
        ),
    ]
