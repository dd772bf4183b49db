"""Path parameters: ``{name:int}`` matches database ids only.

Starlette's own ``int`` convertor takes any run of digits, and a 20-digit id then overflows
the database's integer column (SQLite: OverflowError; PostgreSQL: out of int32 range), a
500 for a typed-in URL. Ids here are 32-bit, so a longer number names nothing: no route, 404.
Registered from ``core/__init__.py``, before any package builds its routes.
"""

from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor

ID_DIGITS = 9  # every id below 10**9 fits a 32-bit integer column


class IdConvertor(IntegerConvertor):
    regex = f"[0-9]{{1,{ID_DIGITS}}}"


register_url_convertor("int", IdConvertor())
