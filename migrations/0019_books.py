from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0018_desk')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PayeeAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('area', fields.OneToOneField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='payee_account', on_delete=OnDelete.RESTRICT)),
                ('account_name', fields.CharField(max_length=100)),
                ('bank', fields.CharField(max_length=100)),
                ('account_number', fields.CharField(max_length=32)),
                ('updated_by', fields.ForeignKeyField('yishi.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='payee_accounts_updated', on_delete=OnDelete.SET_NULL)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payee_account', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '村集体收款账户: account name, bank and number, one per village or community.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Area',
            name='contact_phone',
            field=fields.CharField(default='', max_length=20),
        ),
        ops.AddField(
            model_name='Area',
            name='office_name',
            field=fields.CharField(default='', max_length=64),
        ),
    ]
