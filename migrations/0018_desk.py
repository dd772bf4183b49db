from tortoise import migrations
from tortoise.migrations import operations as ops
from accountability.objections.models import Outcome
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yishi', '0017_ratings')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Objection',
            name='outcome',
            field=fields.CharEnumField(null=True, description='UPHELD: upheld\nPARTLY: partly\nREJECTED: rejected', enum_type=Outcome, max_length=8),
        ),
    ]
