"""A new notification kind needs no migration.

Tortoise describes an enum column by listing its values unless told otherwise; a new kind
would then change the schema state, makemigrations would write an AlterField, and on SQLite
that rebuilds notify_message without its (user, dedupe_key) unique key, so notify()'s
ON CONFLICT would fail. The kind columns state their description instead.
"""

from __future__ import annotations

from notify.kinds import Kind
from notify.models import Message, Preference


def test_the_kind_columns_do_not_list_the_kinds() -> None:
    for model in (Message, Preference):
        description = model._meta.fields_map["kind"].description or ""
        assert description
        assert not any(kind.value in description for kind in Kind), model.__name__
