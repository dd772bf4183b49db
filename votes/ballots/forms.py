"""Reading a ballot from a submitted form: fields p<proposal id> (or one "choice")."""

from __future__ import annotations

from collections.abc import Mapping

MAX_VALUE = 10_000


def marks_from(values: Mapping[str, str]) -> dict[int, int]:
    """Proposal id → value. Junk is dropped here; the rules then judge what remains."""
    marks: dict[int, int] = {}
    choice = values.get("choice", "")
    if choice.isdigit() and len(choice) < 10:
        marks[int(choice)] = 1
    for name, raw in values.items():
        if not (name.startswith("p") and name[1:].isdigit() and len(name) < 12):
            continue
        raw = raw.strip()
        if raw in ("on", "1"):
            marks[int(name[1:])] = 1
        elif raw.isdigit() and int(raw) <= MAX_VALUE:
            marks[int(name[1:])] = int(raw)
    return {p: v for p, v in marks.items() if v > 0}
