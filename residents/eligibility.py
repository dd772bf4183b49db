"""Who may take part: a verified roster entry in the area, and old enough for the process.

`projects.permissions.lives_in` asks `verified_path`; the ballot asks `is_eligible`. Who
votes in which ballot box is `box_refusal`: online ballots (`votes.ballots.standing`) and
paper ballots (`votes.ballots.eligibility.box_refusal_of`) both ask it, so both channels
pass the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Protocol

from core.clock import today
from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from residents.models import RosterEntry


class Electorate(Protocol):
    """What eligibility asks of a budgeting process (``projects.models.Process``), named
    here so that residents need not import the package above it."""

    min_voter_age: int

    @property
    def area(self) -> Awaitable[Area | None]: ...


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on `day`; one is a year older on the birthday itself.

    Born on 29 February: a year older on 1 March in common years (the day after 28 February).
    """
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


async def verified_entry(user_id: int) -> RosterEntry | None:
    """The roster entry this account is verified against, with its area."""
    return await RosterEntry.get_or_none(user_id=user_id).select_related("area")


async def verified_path(user_id: int) -> str | None:
    """The area path of this account's verified entry: its residents' village or community."""
    paths = await RosterEntry.filter(user_id=user_id).values_list("area__path", flat=True)
    return str(paths[0]) if paths else None


async def is_eligible(
    user: Principal | int, process: Electorate, day: dt.date | None = None
) -> bool:
    """A verified resident of the process's area, at least `min_voter_age` on `day` (today)."""
    user_id = user if isinstance(user, int) else user.id
    entry = await verified_entry(user_id)
    return entry is not None and await entry_is_eligible(entry, process, day)


async def entry_is_eligible(
    entry: RosterEntry, process: Electorate, day: dt.date | None = None
) -> bool:
    """`is_eligible` for an entry already loaded (with its area, as `verified_entry` gives
    it); no query when the process came with its area too."""
    process_area: Area | None = await process.area
    entry_area: Area = await entry.area
    return takes_part(
        entry_area.path,
        process_area.path if process_area else None,
        entry.birth_date,
        process.min_voter_age,
        day or today(),
    )


def takes_part(
    entry_path: str, process_path: str | None, birth_date: dt.date, min_voter_age: int, day: dt.date
) -> bool:
    """The rule itself: lives in the process's area and is old enough on `day`."""
    return process_refusal(entry_path, process_path, birth_date, min_voter_age, day) is None


def process_refusal(
    entry_path: str, process_path: str | None, birth_date: dt.date, min_voter_age: int, day: dt.date
) -> str | None:
    """Why `takes_part` says no (in Chinese), or None."""
    if process_path is None or not entry_path.startswith(process_path):
        return _("此人不是本批次覆盖区域名册上的居民")
    if age_on(birth_date, day) < min_voter_age:
        return _("此人未满 {n} 周岁，不能投票").format(n=min_voter_age)
    return None


def box_refusal(
    entry_path: str,
    birth_date: dt.date,
    process_path: str | None,
    min_voter_age: int,
    box_path: str,
    box_has_heading: bool,
    process_has_headings: bool,
    day: dt.date,
) -> str | None:
    """Why this roster entry does not vote in this ballot box on `day` (in Chinese), or None
    when it does: it lives in the process's area, is of age, lives under the box's area; a
    box with a heading stands as long as its heading does (deleting a heading deletes its
    box), and the whole-process box counts only while the process has no headings."""
    refused = process_refusal(entry_path, process_path, birth_date, min_voter_age, day)
    if refused:
        return refused
    if not entry_path.startswith(box_path) or not (box_has_heading or not process_has_headings):
        return _("此人不在这个投票箱的投票区域内")
    return None
