"""Reading a ballot from a submitted form: fields p<proposal id> (or one "choice")."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from core.forms import parse_id
from core.i18n import gettext as _

MAX_VALUE = 10_000


class BadBallot(ValueError):
    """A ballot field that is not a plain ASCII number, or names a project not on the
    ballot; the message says so, in Chinese."""


def marks_from(
    values: Mapping[str, str], on_ballot: Collection[int] | None = None
) -> dict[int, int]:
    """Proposal id → value; `on_ballot`, when given, the proposal ids the ballot holds.

    Ids and values are ASCII digits only (`core.forms.parse_id`): ``str.isdigit`` takes "²",
    which ``int`` refuses, and ``int`` reads "١" as 1. A field that is not is refused whole
    (BadBallot), never dropped or guessed at. Other fields (csrf_token…) are not the ballot's.
    """
    marks: dict[int, int] = {}
    choice = values.get("choice", "")
    if choice:
        marks[_number(choice)] = 1
    for name, raw in values.items():
        if not (name.startswith("p") and name[1:].isnumeric()):
            continue
        proposal = _number(name[1:])
        raw = raw.strip()
        value = 1 if raw == "on" else _number(raw) if raw else 0
        if value > MAX_VALUE:
            raise BadBallot(_("选票数据无效"))
        marks[proposal] = value
    marks = {p: v for p, v in marks.items() if v > 0}
    if on_ballot is not None and any(p not in on_ballot for p in marks):
        raise BadBallot(_("选票中有不在本票箱的项目"))
    return marks


def _number(raw: str) -> int:
    number = parse_id(raw)
    if number is None:
        raise BadBallot(_("选票数据无效"))
    return number
