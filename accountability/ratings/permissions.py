"""Who may rate a finished project, and who may answer or moderate its ratings.

Rating asks what voting asks (``residents.eligibility``): a verified roster entry in the
project's village, old enough for the process. The refusal says what to do about it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from projects.models import Process
from projects.permissions import may_review
from residents.eligibility import age_on, takes_part, verified_entry


@dataclass(frozen=True)
class Refusal:
    """Why this person may not rate, and where to go about it (a link, or none)."""

    message: str
    link: str = ""
    link_text: str = ""


async def rater_refusal(
    user: Principal, village: Area, process: Process, day: dt.date
) -> Refusal | None:
    entry = await verified_entry(user.id)
    if entry is None:
        return Refusal(
            _("评价前请先完成居民核验：填写名册上的姓名和身份证号，或请村/社区干部当面核验。"),
            "/verify",
            _("去核验"),
        )
    if takes_part(entry.area.path, village.path, entry.birth_date, process.min_voter_age, day):
        return None
    if not entry.area.path.startswith(village.path):
        return Refusal(
            _("只有{village}名册上的居民才能评价这个项目；您核验的是{home}。").format(
                village=village.name, home=entry.area.name
            )
        )
    if age_on(entry.birth_date, day) < process.min_voter_age:
        return Refusal(_("未满 {n} 周岁的居民不能评价").format(n=process.min_voter_age))
    return Refusal(_("您不能评价这个项目"))


def may_answer(user: Principal | None, village: Area) -> bool:
    """Officials of the project's area (or above it) answer and moderate its ratings."""
    return may_review(user, village.path)
