"""The search index: one row per public thing, kept by the services that write it."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SearchDocument(Model):
    """搜索索引: what the public may find of one proposal, topic, opinion, letter or result.

    The ``*_words`` columns hold the text segmented by jieba (words separated by spaces),
    which PostgreSQL's tsvectors (columns ``tsv`` and ``title_tsv``, each with a recency
    lexeme, GIN indexes: ``core.search.statements``) and SQLite's FTS5 table
    ``search_fts`` index: made by the migrations, not by Tortoise. ``title`` and
    ``body`` are the text as the public pages show it (masked for letters), for snippets.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=16)
    ref_id = fields.IntField()
    url = fields.CharField(max_length=200)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    title_words = fields.TextField(default="")
    body_words = fields.TextField(default="")
    area_path = fields.CharField(max_length=255, default="")
    area_name = fields.CharField(max_length=64, default="")
    year = fields.IntField()
    status = fields.CharField(max_length=16, default="")
    # Hidden until then (an embargo that ends by time, checked when searching).
    visible_from = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "search_document"
        unique_together = (("kind", "ref_id"),)
        indexes = (("kind", "year"),)
