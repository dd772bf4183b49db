"""The words for an objection's outcome, on the desk, the public page and the notice."""

from __future__ import annotations

from accountability.objections.models import Outcome
from core.i18n import N_

OUTCOMES = {
    Outcome.UPHELD: N_("成立"),
    Outcome.PARTLY: N_("部分成立"),
    Outcome.REJECTED: N_("不成立"),
}
