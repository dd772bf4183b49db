"""The search index (core.search): the ``search_document`` table, and beside it what no
Tortoise field can say. PostgreSQL: a ``tsvector`` of the segmented words, generated from
them (title weighted A, body B) so it can never disagree with them, under a GIN index.
SQLite: an FTS5 table over the same columns, its content read from ``search_document``
and kept by triggers, so an index write commits or rolls back with the row."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

POSTGRES = [
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_words), 'A')
    || setweight(to_tsvector('simple', body_words), 'B')) STORED""",
    "CREATE INDEX search_document_tsv ON search_document USING GIN (tsv)",
]
SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
    title_words, body_words, content='search_document', content_rowid='id')""",
    """CREATE TRIGGER search_fts_ins AFTER INSERT ON search_document BEGIN
    INSERT INTO search_fts (rowid, title_words, body_words)
    VALUES (new.id, new.title_words, new.body_words);
END""",
    """CREATE TRIGGER search_fts_del AFTER DELETE ON search_document BEGIN
    INSERT INTO search_fts (search_fts, rowid, title_words, body_words)
    VALUES ('delete', old.id, old.title_words, old.body_words);
END""",
    """CREATE TRIGGER search_fts_upd AFTER UPDATE OF title_words, body_words
ON search_document BEGIN
    INSERT INTO search_fts (search_fts, rowid, title_words, body_words)
    VALUES ('delete', old.id, old.title_words, old.body_words);
    INSERT INTO search_fts (rowid, title_words, body_words)
    VALUES (new.id, new.title_words, new.body_words);
END""",
]
BACKWARD_POSTGRES = ["DROP INDEX IF EXISTS search_document_tsv"]
BACKWARD_SQLITE = [
    "DROP TRIGGER IF EXISTS search_fts_ins",
    "DROP TRIGGER IF EXISTS search_fts_del",
    "DROP TRIGGER IF EXISTS search_fts_upd",
    "DROP TABLE IF EXISTS search_fts",
]


def _is_postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def forward(apps, schema_editor) -> None:
    for statement in POSTGRES if _is_postgres(schema_editor) else SQLITE:
        await schema_editor.client.execute_script(statement)


async def backward(apps, schema_editor) -> None:
    for statement in BACKWARD_POSTGRES if _is_postgres(schema_editor) else BACKWARD_SQLITE:
        await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [('yishi', '0021_assist')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=16)),
                ('ref_id', fields.IntField()),
                ('url', fields.CharField(max_length=200)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('title_words', fields.TextField(default='', unique=False)),
                ('body_words', fields.TextField(default='', unique=False)),
                ('area_path', fields.CharField(default='', max_length=255)),
                ('area_name', fields.CharField(default='', max_length=64)),
                ('year', fields.IntField()),
                ('status', fields.CharField(default='', max_length=16)),
                ('visible_from', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'search_document', 'app': 'yishi', 'unique_together': (('kind', 'ref_id'),), 'indexes': [Index(fields=['kind', 'year'])], 'pk_attr': 'id', 'table_description': '搜索索引: what the public may find of one proposal, topic, opinion, letter or result.'},
            bases=['Model'],
        ),
        ops.RunPython(forward, backward),
    ]
