"""The registry of personal data (个人信息): every package that holds something about a
person registers how to collect it (for "我的数据" downloads) and how to erase it (when the
person deletes their account). The kernel knows none of the packages; ``app.wiring``
registers each package's own functions, so a new package's data cannot be forgotten by a
central list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.audit import json_safe

Row = dict[str, Any]
Collector = Callable[[int], Awaitable[list[Row]]]
Eraser = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class Section:
    name: str  # the key in the JSON download
    title: str  # the sheet's name in the XLSX download (a msgid, translated where shown)
    collect: Collector


_sections: dict[str, Section] = {}
_erasers: dict[str, Eraser] = {}


def collector(name: str, title: str, fn: Collector) -> None:
    """Register what a package holds about a person, as rows (registering again replaces)."""
    _sections[name] = Section(name, title, fn)


def eraser(name: str, fn: Eraser) -> None:
    """Register how a package erases or anonymises a person's data when they leave."""
    _erasers[name] = fn


def sections() -> list[Section]:
    return list(_sections.values())


async def collect(user_id: int) -> dict[str, list[Row]]:
    """Everything registered, section by section, every value plain."""
    found = {}
    for section in _sections.values():
        rows = await section.collect(user_id)
        found[section.name] = [{k: json_safe(v) for k, v in row.items()} for row in rows]
    return found


async def erase(user_id: int) -> list[str]:
    """Run every eraser (call inside the deletion's transaction); returns their names."""
    for fn in _erasers.values():
        await fn(user_id)
    return list(_erasers)
