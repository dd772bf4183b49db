"""Highlighted snippets: the part of a text around the first word found, escaped, with
each word found marked. Built here rather than by the database (ts_headline, FTS5's
snippet) so that both backends show the same thing, from the text as the page shows it,
and nothing in a proposal's text can become markup."""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

WIDTH = 90  # characters of a snippet, about two lines on a phone


def _folded(text: str) -> tuple[str, list[int]]:
    """The text as the index sees it (NFKC, lower case) and, for each of its characters,
    where it came from in ``text``: full-width ＡＢＣ is found by "abc" and shown as written."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).lower():
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words stand in ``text`` (original positions), overlaps merged."""
    folded, origin = _folded(text)
    found: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            found.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, words: list[str]) -> Markup:
    """All of ``text``, escaped, the words marked (for titles)."""
    return _marked(text, _spans(text, words), 0, len(text))


def snippet(text: str, words: list[str], width: int = WIDTH) -> Markup:
    """About ``width`` characters of ``text`` around the first word found, escaped and
    marked; the start of the text when no word is in it (the title matched)."""
    text = " ".join(text.split())
    spans = _spans(text, words)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    inside = [(s, e) for s, e in spans if s < end and e > start]
    body = _marked(text, inside, start, end)
    return Markup("…" if start else "") + body + Markup("…" if end < len(text) else "")


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    out = Markup()
    at = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        out += escape(text[at:s]) + Markup("<mark>") + escape(text[s:e]) + Markup("</mark>")
        at = e
    return out + escape(text[at:end])
