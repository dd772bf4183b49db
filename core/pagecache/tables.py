"""Which writes change what public pages show: every table's, unless its owner says not.

Owners declare here, beside their models, the tables no public page reads (written on every
ballot cast, every login, every message) and the columns of a table that public pages do
read. Leaving a table undeclared costs only cache misses, never a stale page.
"""

from __future__ import annotations

NEVER_SHOWN: set[str] = set()
SHOWN_COLUMNS: dict[str, tuple[str, ...]] = {}


def never_shown(*tables: str) -> None:
    """No public page reads these tables: their writes leave the cache alone."""
    NEVER_SHOWN.update(tables)


def shown_columns(table: str, *columns: str) -> None:
    """Public pages read only these columns of ``table`` (and its rows' number and place):
    inserts and deletes still count, updates only of these columns."""
    SHOWN_COLUMNS[table] = columns
