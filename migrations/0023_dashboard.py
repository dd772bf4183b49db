from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

from insight import keeping


async def forward(apps, schema_editor) -> None:
    """The dashboard's triggers (insight.keeping), then a first count of what is there."""
    await keeping.install(schema_editor.client)
    await keeping.recount(schema_editor.client)


async def backward(apps, schema_editor) -> None:
    await keeping.uninstall(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [("yishi", "0022_search")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Figure",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("process_id", fields.IntField(default=0)),
                ("year", fields.IntField(default=0)),
                ("area_id", fields.IntField()),
                ("measure", fields.CharField(max_length=24)),
                ("bucket", fields.CharField(default="", max_length=24)),
                ("value", fields.BigIntField(default=0)),
            ],
            options={
                "table": "insight_figure",
                "app": "yishi",
                "unique_together": (("process_id", "year", "area_id", "measure", "bucket"),),
                "pk_attr": "id",
                "table_description": "A kept count or sum of fen. process_id 0 for what belongs to no process (letters,",
            },
            bases=["Model"],
        ),
        # The triggers find a project's acceptance by its proposal (and so do its pages).
        ops.AddIndex(
            model_name='Milestone',
            index=Index(fields=['proposal_id', 'kind']),
        ),
        ops.RunPython(forward, backward),
    ]
