from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yishi', '0011_notify')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Delivery',
            index=Index(fields=['channel', 'claimed_at']),
        ),
    ]
