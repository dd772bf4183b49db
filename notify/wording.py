"""The language a message is written in.

A message is stored text, read later (in the inbox, by SMS) by someone other than the
person whose action caused it; so it is written in the default language (Chinese), never
in the language of the official who happened to press the button.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.i18n import DEFAULT_LOCALE, current_locale


@contextmanager
def stored_language() -> Iterator[None]:
    token = current_locale.set(DEFAULT_LOCALE)
    try:
        yield
    finally:
        current_locale.reset(token)
