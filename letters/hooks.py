"""What became of a letter in the budget year, told by the higher layers.

A letter can become a proposal draft (projects) or a consultation topic (consult); those
packages sit above this one, so they register here (wired in ``app.wiring``) how to find
what came out of a letter, and what a handler can turn it into. Higher layers may also
remark on a letter (代办: "由 X 代办"). This package never imports them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """A page that came out of a letter (a proposal, a topic)."""

    label: str  # e.g. 提案草稿「…」
    href: str


@dataclass(frozen=True)
class Conversion:
    """Something a handler can turn a letter into: a form posted to ``action``."""

    label: str  # e.g. 转为提案草稿
    action: str  # a path with ``{letter_id}``
    method: str = "post"  # "get" when it needs a page of its own (choosing a process)


Finder = Callable[[int], Awaitable[list[Outcome]]]
Remarker = Callable[[int], Awaitable[list[str]]]  # lines shown under the letter's title
_FINDERS: list[Finder] = []
_REMARKERS: list[Remarker] = []
CONVERSIONS: list[Conversion] = []


def on_outcomes(finder: Finder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def offer(conversion: Conversion) -> None:
    if conversion not in CONVERSIONS:
        CONVERSIONS.append(conversion)


async def outcomes(letter_id: int) -> list[Outcome]:
    found: list[Outcome] = []
    for finder in _FINDERS:
        found += await finder(letter_id)
    return found


def on_remarks(remarker: Remarker) -> None:
    if remarker not in _REMARKERS:
        _REMARKERS.append(remarker)


async def remarks(letter_id: int) -> list[str]:
    found: list[str] = []
    for remarker in _REMARKERS:
        found += await remarker(letter_id)
    return found
