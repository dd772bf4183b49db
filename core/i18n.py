"""gettext for Yishi. Message ids are the Simplified Chinese text (the default language);
the English catalogue translates them. Catalogues are compiled in memory at start-up, so
no build step is needed after editing a .po file.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = {"zh_CN": "简体中文", "en": "English"}
# The message ids' language and that of shared data (notices, SMS, open data); the site's
# default for visitors is configured_locale().
DEFAULT_LOCALE = "zh_CN"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> stdlib_gettext.NullTranslations:
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return stdlib_gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def pick_locale(cookie_value: str | None) -> str:
    """The visitor's chosen language (the `yishi_lang` cookie), else the site's own:
    YISHI_LOCALE, Chinese when unset."""
    if cookie_value in LOCALES:
        return cookie_value
    return configured_locale()


@cache
def configured_locale() -> str:
    """The language YISHI_LOCALE names (Chinese when unset or unknown): the web's language
    for a visitor who chose none, and what a `yishi` command prints in. Read once per
    process, as core.settings reads it (the environment, then `.env`), without importing
    core.settings, which makes (or, in production, demands) the secret key: printing a
    command's error needs neither. Not for shared data (notices, SMS, open data): those
    stay in DEFAULT_LOCALE whatever the site's language."""
    from starlette.config import Config

    env_file = Path(__file__).resolve().parent.parent / ".env"  # as core.settings finds it
    config = Config(env_file if env_file.exists() else None)
    named = config("YISHI_LOCALE", default=DEFAULT_LOCALE)
    return named if named in LOCALES else DEFAULT_LOCALE


def command_text(message: str) -> str:
    """What a `yishi` command prints, in the configured language. The current locale is
    left alone, so what a command writes into the database (an import's texts, the demo,
    the search index) stays in the default language, as all shared data does."""
    return translations(configured_locale()).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


_ = gettext
