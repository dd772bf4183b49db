from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.models import AreaKind, Role
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Area',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=12)),
                ('name', fields.CharField(max_length=64)),
                ('kind', fields.CharEnumField(description='DISTRICT: district\nSTREET: street\nTOWNSHIP: township\nCOMMUNITY: community\nVILLAGE: village', enum_type=AreaKind, max_length=16)),
                ('parent', fields.ForeignKeyField('yishi.Area', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(db_index=True, max_length=255)),
                ('population', fields.IntField(default=0)),
                ('households', fields.IntField(default=0)),
            ],
            options={'table': 'area', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '区域: a node of the district › street/township › community/village tree.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'login_attempt', 'app': 'yishi', 'indexes': [Index(fields=['key', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Failed logins, counted per account and per address for rate limiting.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('mobile', fields.CharField(unique=True, max_length=11)),
                ('password_hash', fields.CharField(max_length=255)),
                ('home_area', fields.ForeignKeyField('yishi.Area', source_field='home_area_id', null=True, db_constraint=True, to_field='id', related_name='residents', on_delete=OnDelete.RESTRICT)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'user_account', 'app': 'yishi', 'pk_attr': 'id', 'table_description': 'A person: resident and/or staff. Mobile number is the login.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('actor', fields.ForeignKeyField('yishi.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.SET_NULL)),
                ('actor_name', fields.CharField(max_length=80)),
                ('action', fields.CharField(db_index=True, max_length=64)),
                ('target_type', fields.CharField(max_length=32)),
                ('target_id', fields.CharField(max_length=64)),
                ('summary', fields.CharField(max_length=255)),
                ('before', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('ip', fields.CharField(default='', max_length=45)),
            ],
            options={'table': 'audit_entry', 'app': 'yishi', 'pk_attr': 'id', 'table_description': '审计日志: append-only record of every staff action that changes state.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RoleGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='roles', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='RESIDENT: resident\nOFFICIAL: official\nFINANCE: finance\nADMIN: admin', enum_type=Role, max_length=16)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', null=True, db_constraint=True, to_field='id', related_name='role_grants', on_delete=OnDelete.CASCADE)),
                ('granted_by', fields.ForeignKeyField('yishi.User', source_field='granted_by_id', null=True, db_constraint=True, to_field='id', related_name='grants_given', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'role_grant', 'app': 'yishi', 'unique_together': (('user', 'role', 'area'),), 'pk_attr': 'id', 'table_description': 'One role held by one person. Officials hold one grant per area of their scope.'},
            bases=['Model'],
        ),
    ]
