"""Search at district scale (core.search.statements), PostgreSQL only: each row's
tsvector gains lexemes for its facts — ``~N`` its recency bucket (N = id >> 10, 1,024
ids), ``~k…`` its kind, ``~s…`` its status, ``~y…`` its year; no query word can be one,
the parser never keeps a "~" — so that the GIN index alone finds the matches among the
newest documents, filters and all; and a title-only tsvector, with the same lexemes,
under its own GIN index, for the newest title matches. Both are generated from the
segmented words, as before, so they can never disagree with them. SQLite's FTS5 table is
unchanged."""

from tortoise import migrations
from tortoise.migrations import operations as ops

# The row's own facts as lexemes no query word can be: its id bucket, kind, status, year.
FACTS = (
    "array_to_tsvector(ARRAY['~' || (id >> 10)::text,"
    " '~k' || kind, '~s' || status, '~y' || year::text])"
)
POSTGRES = [
    "ALTER TABLE search_document DROP COLUMN tsv",  # and its index
    f"""ALTER TABLE search_document
    ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_words), 'A')
        || setweight(to_tsvector('simple', body_words), 'B')
        || {FACTS}) STORED,
    ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title_words) || {FACTS}) STORED""",
    "CREATE INDEX search_document_tsv ON search_document USING GIN (tsv)",
    "CREATE INDEX search_document_title_tsv ON search_document USING GIN (title_tsv)",
]
BACKWARD_POSTGRES = [
    "ALTER TABLE search_document DROP COLUMN title_tsv, DROP COLUMN tsv",
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_words), 'A')
    || setweight(to_tsvector('simple', body_words), 'B')) STORED""",
    "CREATE INDEX search_document_tsv ON search_document USING GIN (tsv)",
]


def _is_postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def forward(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for statement in POSTGRES:
            await schema_editor.client.execute_script(statement)


async def backward(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for statement in BACKWARD_POSTGRES:
            await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("yishi", "0024_dash")]

    initial = False

    operations = [ops.RunPython(forward, backward)]
