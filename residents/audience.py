"""Who lives where, as an audience for a notice to a whole area (``notify.bulk``).

A verified resident is a roster entry linked to an active account; an area's residents are
those on the rosters of the area and everything under it (the area path is a prefix).
"""

from __future__ import annotations

import datetime as dt

from core.clock import today
from notify.bulk import Audience

# Each account sits on at most one roster entry (a unique key), so no one is listed twice.
# ``id_hash`` and ``area_path`` come along for audiences narrowed by who has voted and by
# ballot box (``votes.notices``).
_VERIFIED_IN = """
SELECT entry.user_id AS user_id, entry.id_hash AS id_hash, area.path AS area_path
FROM roster_entry entry
JOIN area ON area.id = entry.area_id
JOIN user_account account ON account.id = entry.user_id AND account.is_active
WHERE area.path LIKE $1 AND entry.birth_date <= $2
"""


def born_by(day: dt.date, age: int) -> dt.date:
    """The latest birth date of someone at least ``age`` on ``day`` (``eligibility.age_on``):
    on 29 February, who was born on 28 February ``age`` years before, in a common year."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)


def verified_residents(area_path: str, *, min_age: int = 0, day: dt.date | None = None) -> Audience:
    """Verified residents of the area at ``area_path`` and below, of ``min_age`` on ``day``."""
    return Audience(_VERIFIED_IN, (area_path + "%", born_by(day or today(), min_age)))
