from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from residents.models import Verification
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0004_comments_consult')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RosterEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('area', fields.ForeignKeyField('yishi.Area', source_field='area_id', db_constraint=True, to_field='id', related_name='roster_entries', on_delete=OnDelete.RESTRICT)),
                ('id_hash', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=50)),
                ('birth_date', fields.DateField()),
                ('voted', fields.BooleanField(default=False)),
                ('user', fields.OneToOneField('yishi.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='roster_entry', on_delete=OnDelete.SET_NULL)),
                ('verification', fields.CharEnumField(null=True, description='ROSTER: roster\nIN_PERSON: in_person', enum_type=Verification, max_length=12)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('verified_by', fields.ForeignKeyField('yishi.User', source_field='verified_by_id', null=True, db_constraint=True, to_field='id', related_name='roster_verifications', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'roster_entry', 'app': 'yishi', 'unique_together': (('id_hash', 'area'),), 'pk_attr': 'id', 'table_description': "One person on one area's roster."},
            bases=['Model'],
        ),
    ]
