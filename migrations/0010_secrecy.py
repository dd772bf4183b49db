from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from votes.models import Channel
from tortoise import fields

async def _one_ballot_per_voter_key(apps, schema_editor) -> None:
    """SQLite rebuilds a table to alter a column, and the rebuild drops the table's
    UNIQUE (box_id, voter_key): put it back (PostgreSQL keeps its constraint)."""
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script(
            'CREATE UNIQUE INDEX IF NOT EXISTS "uid_ballot_box_id_voter_key" '
            'ON "ballot" ("box_id", "voter_key")'
        )


async def _nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('yishi', '0009_integrity')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ElectionKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('process', fields.OneToOneField('yishi.Process', source_field='process_id', db_constraint=True, to_field='id', related_name='election_key', on_delete=OnDelete.CASCADE)),
                ('public_key', fields.BinaryField()),
                ('shares_needed', fields.SmallIntField()),
                ('shares_made', fields.SmallIntField()),
                ('opened', fields.BooleanField(default=False)),
            ],
            options={'table': 'election_key', 'app': 'yishi', 'pk_attr': 'id', 'table_description': "选举密钥: a process's public key. The private key is never stored: it exists only as"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Receipt',
            fields=[
                ('receipt_hash', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'receipt', 'app': 'yishi', 'pk_attr': 'receipt_hash', 'table_description': "回执: the hash of one counted ballot's receipt code, kept apart from any ballot"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SealedBallot',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('box', fields.ForeignKeyField('yishi.BallotBox', source_field='box_id', db_constraint=True, to_field='id', related_name='sealed_ballots', on_delete=OnDelete.RESTRICT)),
                ('voter_key', fields.CharField(null=True, max_length=64)),
                ('receipt_hash', fields.CharField(unique=True, max_length=64)),
                ('sealed', fields.BinaryField()),
            ],
            options={'table': 'sealed_ballot', 'app': 'yishi', 'unique_together': (('box', 'voter_key'),), 'pk_attr': 'id', 'table_description': "A ballot as cast: its content sealed with the election's public key, readable by no"},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Ballot',
            options={'table': 'ballot', 'app': 'yishi', 'unique_together': (('box', 'voter_key'),), 'pk_attr': 'id', 'table_description': 'A counted ballot. Holds no user id: ballots cast in Yishi arrive here only when the'},
        ),
        ops.AlterField(
            model_name='Ballot',
            name='cast_on',
            field=fields.DateField(null=True),
        ),
        ops.AlterField(
            model_name='Ballot',
            name='channel',
            field=fields.CharEnumField(null=True, description='ONLINE: online\nPAPER: paper', enum_type=Channel, max_length=8),
        ),
        ops.AlterField(
            model_name='Ballot',
            name='receipt_hash',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.RunPython(_one_ballot_per_voter_key, _nothing),
    ]
