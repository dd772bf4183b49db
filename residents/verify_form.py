"""The fields every verification form asks for — on /verify, /desk/verify and the 代办 desk:
an ID number, checked for its own form only, and the village or community whose roster to
look in. One reader, so the pages refuse the same typing mistakes in the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.forms import Form
from core.i18n import gettext as _
from core.models import Area
from residents import idcard


@dataclass(frozen=True)
class RosterClaim:
    """A person says: this is my ID number, and I am on this area's roster."""

    id_number: str  # normalised; never stored, never shown again
    area: Area


def read_roster_claim(form: Form, areas: Sequence[Area]) -> RosterClaim | None:
    """The claim, or None with the errors on `form`; `areas` are the ones the page offered."""
    number = idcard.normalise(form.values.get("id_number", ""))
    valid = idcard.is_valid(number)
    if not valid:
        # Only the number's own form (length, check digit): nothing about the roster.
        form.add_error("id_number", _("请输入有效的 18 位身份证号"))
    # Only an area the page offered: another township's roster is as if it did not exist.
    area = next((a for a in areas if str(a.id) == form.values.get("area")), None)
    if area is None:
        form.add_error("area", _("请选择村或社区"))
    return RosterClaim(number, area) if valid and area is not None else None


def forget_id_number(form: Form) -> None:
    """Before a form is shown again: the number typed is never echoed back into the page."""
    form.values.pop("id_number", None)
