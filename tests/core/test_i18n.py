"""The English catalogue stays complete, keeps every placeholder, and the switch works.

Message ids are the Simplified Chinese text. The completeness test runs Babel's own
extraction (the mapping in babel.cfg, keyword ``N_`` added) over every package, so a new
``_("…")`` anywhere fails here until it is translated in
``core/locale/en/LC_MESSAGES/messages.po`` (see "Translations" in README.md).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from string import Formatter

import httpx
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from support import post

from core.i18n import LOCALE_DIR, configured_locale, pick_locale

ROOT = Path(__file__).resolve().parents[2]
# The packages whose strings reach the UI; the ones not written yet are simply absent.
PACKAGES = (
    "core",
    "templates",
    "projects",
    "votes",
    "consult",
    "letters",
    "notify",
    "assist",
    "insight",
    "accountability",
    "comments",
    "residents",
    "app",
)
CJK = re.compile(r"[\u4e00-\u9fff]")
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}

MessageKey = tuple[str, str | None]  # (msgid, context)


def _english() -> Catalog:
    with EN_PO.open("rb") as po_file:
        return read_po(po_file, locale="en")


def _in_packages(path: str) -> bool:
    parts = Path(os.path.relpath(path, ROOT)).parts
    return (
        bool(parts)
        and parts[0] in PACKAGES
        # Hidden folders and caches; a partial template (_macros.html) reaches the UI too.
        and not any(part.startswith((".", "__")) for part in parts)
    )


def _extract() -> dict[MessageKey, list[str]]:
    """Every msgid Babel finds in the packages, with where it was found."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(ROOT / "babel.cfg"))
    found: dict[MessageKey, list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_in_packages
    ):
        if not _in_packages(str(ROOT / filename)):
            continue  # a file at the top level, outside every package
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((msgid, context), []).append(f"{filename}:{lineno}")
    return found


def _strings(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A message's id or string as a tuple (plural entries have several)."""
    if value is None:
        return ("",)
    return (value,) if isinstance(value, str) else tuple(value)


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    return all(s.strip() for s in _strings(message.string))


def test_extraction_covers_core_and_templates() -> None:
    """Guards the guard: the mapping really finds Python and template strings."""
    places = [place for where in _extract().values() for place in where]
    assert any(place.startswith("core/") for place in places)
    assert any(place.startswith("templates/") for place in places)


def test_every_message_has_an_english_translation() -> None:
    catalog = _english()
    missing = [
        f"{msgid!r} ({', '.join(sorted(where)[:3])})"
        for (msgid, context), where in sorted(_extract().items(), key=lambda item: item[0][0])
        if not _translated(catalog.get(msgid, context=context))
    ]
    assert not missing, (
        f"{len(missing)} message(s) lack a non-fuzzy English translation; run the extract and "
        "update commands in README.md, then translate them in "
        "core/locale/en/LC_MESSAGES/messages.po:\n  " + "\n  ".join(missing)
    )


def test_catalogue_has_no_fuzzy_entries() -> None:
    fuzzy = [m.id for m in _english() if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries in the English catalogue: {fuzzy}"


def test_catalogue_says_each_message_once() -> None:
    """Branches that each append their messages can bring the same one twice, each with its
    own English: the catalogue would then keep whichever came last, silently."""
    ids = re.findall(r'^msgid "(.+)"$', EN_PO.read_text(encoding="utf-8"), re.MULTILINE)
    twice = [msgid for msgid, n in Counter(ids).items() if n > 1]
    assert not twice, f"said twice in the English catalogue: {twice}"


def _brace_fields(text: str) -> set[tuple[str, str | None, str | None]] | None:
    """``{name!conv:spec}`` fields, or None if the text is not a str.format string."""
    try:
        return {
            (name, conversion, spec)
            for _literal, name, spec, conversion in Formatter().parse(text)
            if name is not None
        }
    except ValueError:
        return None


PERCENT_RE = re.compile(r"%(?:\([^)]*\))?.?", re.DOTALL)


def _percent_tokens(text: str) -> Counter[str]:
    # Jinja's newstyle gettext always applies ``%`` to template strings, so a stray
    # ``%`` in a translation breaks the page even where the msgid has none.
    return Counter(PERCENT_RE.findall(text))


def test_translations_keep_the_placeholders() -> None:
    wrong: list[str] = []
    for message in _english():
        if not message.id or not message.string:
            continue
        ids = _strings(message.id)
        for string in _strings(message.string):
            if not string:
                continue
            expected = _brace_fields(ids[0])
            if expected is not None and _brace_fields(string) != expected:
                wrong.append(f"{ids[0]!r} -> {string!r}: {{placeholders}} differ")
            if _percent_tokens(ids[0]) != _percent_tokens(string):
                wrong.append(f"{ids[0]!r} -> {string!r}: % placeholders differ")
    assert not wrong, "\n".join(wrong)


async def test_switching_language(client: httpx.AsyncClient) -> None:
    home = await client.get("/")
    assert '<html lang="zh-CN">' in home.text and "首页" in home.text

    switch = await client.get("/lang/en", params={"next": "/"})
    assert switch.status_code == 303 and switch.headers["location"] == "/"
    english = await client.get("/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert ">Home</a>" in english.text and "首页" not in english.text

    # Strings from Python (error pages, form errors) follow the visitor's language too.
    missing = await client.get("/no-such-page")
    assert missing.status_code == 404 and "Page not found" in missing.text
    refused = await post(client, "/login", {"mobile": "13900000001", "password": ""})
    assert "Enter your password" in refused.text and "请输入密码" not in refused.text

    ignored = await client.get("/lang/xx", params={"next": "/"})
    assert ignored.status_code == 303
    assert "yishi_lang" not in ignored.headers.get("set-cookie", "")
    assert '<html lang="en">' in (await client.get("/")).text

    back = await client.get("/lang/zh_CN", params={"next": "/"})
    assert back.status_code == 303
    chinese = await client.get("/")
    assert '<html lang="zh-CN">' in chinese.text and "首页" in chinese.text
    assert ">Home</a>" not in chinese.text


async def test_unknown_locale_alone_leaves_chinese(client: httpx.AsyncClient) -> None:
    response = await client.get("/lang/xx", params={"next": "/"})
    assert response.status_code == 303
    assert "yishi_lang" not in response.headers.get("set-cookie", "")
    page = await client.get("/")
    assert '<html lang="zh-CN">' in page.text and "首页" in page.text


async def test_forged_locale_cookie_falls_back_to_chinese(client: httpx.AsyncClient) -> None:
    client.cookies.set("yishi_lang", "../../etc", domain="testserver")
    page = await client.get("/")
    assert '<html lang="zh-CN">' in page.text and "首页" in page.text


@pytest.fixture
def site_in_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """YISHI_LOCALE=en, read afresh (a process reads it once)."""
    monkeypatch.setenv("YISHI_LOCALE", "en")
    configured_locale.cache_clear()
    yield
    configured_locale.cache_clear()


async def test_the_configured_language_greets_who_chose_none(
    client: httpx.AsyncClient, site_in_english: None
) -> None:
    page = await client.get("/")
    assert '<html lang="en">' in page.text and ">Home</a>" in page.text
    assert "首页" not in page.text
    missing = await client.get("/no-such-page")
    assert missing.status_code == 404 and "Page not found" in missing.text
    client.cookies.set("yishi_lang", "../../etc", domain="testserver")  # forged: the site's
    assert '<html lang="en">' in (await client.get("/")).text
    client.cookies.clear()
    switch = await client.get("/lang/zh_CN", params={"next": "/"})  # chosen: the visitor's
    assert switch.status_code == 303
    chosen = await client.get("/")
    assert '<html lang="zh-CN">' in chosen.text and "首页" in chosen.text


async def test_shared_data_stays_chinese_whatever_the_site_speaks(
    client: httpx.AsyncClient, site_in_english: None
) -> None:
    answer = await client.get("/api/v1/processes/999999")
    assert answer.status_code == 404
    assert CJK.search(answer.json()["error"]["message"]), answer.text


@pytest.mark.parametrize("named", [None, "zh_CN", "fr", ""])
def test_chinese_unless_yishi_locale_names_another_language(
    named: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if named is None:
        monkeypatch.delenv("YISHI_LOCALE", raising=False)
    else:
        monkeypatch.setenv("YISHI_LOCALE", named)
    configured_locale.cache_clear()
    try:
        assert configured_locale() == "zh_CN" and pick_locale(None) == "zh_CN"
        assert pick_locale("en") == "en"
    finally:
        configured_locale.cache_clear()
