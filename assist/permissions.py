"""Who may act for a resident (代办), decided here and checked on the server.

Only an official of the resident's own village or community acts for them: the person sits
at that official's desk. Admins do not act for residents (they are not at a village desk);
they read every act and the per-day flags. An admin who also holds an official grant acts
through that grant, for its areas only.
"""

from __future__ import annotations

from core.models import Area, Role
from core.principal import Principal
from residents.permissions import LIVING

# More registrations than this by one official in one day is flagged to the area's admins:
# a desk sees a few people a day, not a village's worth.
DAILY_FLAG = 10


def official_of(user: Principal, area: Area) -> bool:
    """An official whose own grants cover ``area`` (an admin's reach over all does not)."""
    return user.has(Role.OFFICIAL) and any(area.path.startswith(p) for p in user.official_paths)


def may_assist(user: Principal, home: Area | None) -> bool:
    """Act for a resident whose registered home is a village or community the official serves."""
    return home is not None and home.kind in LIVING and official_of(user, home)


def may_read_log(user: Principal) -> bool:
    return user.has(Role.OFFICIAL, Role.ADMIN)
