from tortoise import migrations
from tortoise.migrations import operations as ops
from assist.models import ActKind, PhoneOwner
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0020_resident')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AssistAct',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('official', fields.ForeignKeyField('yishi.User', source_field='official_id', null=True, db_constraint=True, to_field='id', related_name='assists_given', on_delete=OnDelete.SET_NULL)),
                ('official_name', fields.CharField(max_length=50)),
                ('resident', fields.ForeignKeyField('yishi.User', source_field='resident_id', db_constraint=True, to_field='id', related_name='assists_received', on_delete=OnDelete.CASCADE)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='assist_acts', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='REGISTER: register\nCONSENT: consent\nPROPOSAL: proposal\nLETTER: letter', enum_type=ActKind, max_length=16)),
                ('reason', fields.CharField(max_length=200)),
                ('summary', fields.CharField(max_length=255)),
                ('subject_type', fields.CharField(default='', max_length=32)),
                ('subject_id', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'assist_act', 'app': 'yishi', 'indexes': [Index(fields=['official_id', 'created_at']), Index(fields=['subject_type', 'subject_id'])], 'pk_attr': 'id', 'table_description': "One act an official did on a resident's behalf, kept under both names."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AssistedContact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resident', fields.OneToOneField('yishi.User', source_field='resident_id', db_constraint=True, to_field='id', related_name='assisted_contact', on_delete=OnDelete.CASCADE)),
                ('phone_owner', fields.CharEnumField(description='SELF: self\nFAMILY: family\nNONE: none', enum_type=PhoneOwner, max_length=8)),
                ('relation', fields.CharField(default='', max_length=20)),
            ],
            options={'table': 'assisted_contact', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "Whose phone an assisted resident's account carries (本人/家属/无), said at the desk."},
            bases=['Model'],
        ),
    ]
