from tortoise import migrations
from tortoise.migrations import operations as ops
from core.accounts.models import CodePurpose, ConsentPurpose
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0012_letters')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Consent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='PRIVACY_POLICY: privacy_policy\nID_VERIFICATION: id_verification', enum_type=ConsentPurpose, max_length=20)),
                ('policy_version', fields.CharField(max_length=20)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'consent', 'app': 'yishi', 'indexes': [Index(fields=['user_id', 'purpose'])], 'pk_attr': 'id', 'table_description': 'One consent a person gave: which policy version, for what, when, and when withdrawn.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PhoneCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('purpose', fields.CharEnumField(description='REGISTER: register\nRESET: reset\nVERIFY_PHONE: verify_phone\nCHANGE_PHONE_OLD: change_phone_old\nCHANGE_PHONE_NEW: change_phone_new', enum_type=CodePurpose, max_length=20)),
                ('mobile', fields.CharField(max_length=11)),
                ('code_hash', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'phone_code', 'app': 'yishi', 'indexes': [Index(fields=['mobile', 'purpose', 'created_at'])], 'pk_attr': 'id', 'table_description': '验证码: six digits sent to ``mobile``, kept only as a keyed hash.'},
            bases=['Model'],
        ),
    ]
