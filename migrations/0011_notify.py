from tortoise import migrations
from tortoise.migrations import operations as ops
from notify.kinds import Channel, Kind
from notify.models import DeliveryState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0010_secrecy')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='What it is about: a value of notify.kinds.Kind', enum_type=Kind, max_length=24)),
                ('title', fields.CharField(max_length=120)),
                ('body', fields.TextField(unique=False)),
                ('link', fields.CharField(max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('dedupe_key', fields.CharField(null=True, max_length=120)),
                ('dispatched_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notify_message', 'app': 'yishi', 'unique_together': (('user', 'dedupe_key'),), 'indexes': [Index(fields=['user_id', 'read_at']), Index(fields=['dispatched_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One notification to one person (站内信), written in the transaction of its event.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message', fields.ForeignKeyField('yishi.Message', source_field='message_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(description='SITE: site\nSMS: sms\nEMAIL: email\nWECHAT: wechat', enum_type=Channel, max_length=8)),
                ('address', fields.CharField(max_length=254)),
                ('state', fields.CharEnumField(default=DeliveryState.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed\nSKIPPED: skipped', enum_type=DeliveryState, max_length=8)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('provider_ref', fields.CharField(default='', max_length=120)),
                ('last_error', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notify_delivery', 'app': 'yishi', 'unique_together': (('message', 'channel'),), 'indexes': [Index(fields=['state', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One message on one outward channel (SMS, e-mail, WeChat).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Preference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('yishi.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notify_preferences', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='What it is about: a value of notify.kinds.Kind', enum_type=Kind, max_length=24)),
                ('channel', fields.CharEnumField(description='SITE: site\nSMS: sms\nEMAIL: email\nWECHAT: wechat', enum_type=Channel, max_length=8)),
                ('enabled', fields.BooleanField()),
            ],
            options={'table': 'notify_preference', 'app': 'yishi', 'unique_together': (('user', 'kind', 'channel'),), 'pk_attr': 'id', 'table_description': 'The choice of one person for one kind on one channel (no row: the default).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='email',
            field=fields.CharField(null=True, max_length=254),
        ),
        ops.AddField(
            model_name='User',
            name='mobile_verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
