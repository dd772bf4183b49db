"""Words for the dashboard's buckets, marked for translation and translated where shown."""

from __future__ import annotations

from consult.labels import adoption_labels
from core.i18n import N_
from core.i18n import gettext as _
from letters.labels import KINDS as LETTER_KINDS
from projects.labels import CATEGORIES, STATUSES

AGE_BANDS = {
    "18-29": N_("29 岁及以下"),
    "30-44": N_("30–44 岁"),
    "45-59": N_("45–59 岁"),
    "60-74": N_("60–74 岁"),
    "75+": N_("75 岁及以上"),
}

SEXES = {"m": N_("男"), "f": N_("女"), "u": N_("性别不详")}


def category(value: str) -> str:
    return _(CATEGORIES.get(value, value))  # type: ignore[call-overload]


def status(value: str) -> str:
    return _(STATUSES.get(value, value))  # type: ignore[call-overload]


def letter_kind(value: str) -> str:
    return _(LETTER_KINDS.get(value, value))  # type: ignore[call-overload]


def adoption(value: str) -> str:
    return adoption_labels().get(value, value)


def age_band(value: str) -> str:
    return _(AGE_BANDS.get(value, value))


def sex(value: str) -> str:
    return _(SEXES.get(value, value))


def band_sex(band: str, value: str) -> str:
    return f"{age_band(band)} · {sex(value)}"
