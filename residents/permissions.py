"""Who may act on rosters and verify residents. Checked on the server in every endpoint."""

from __future__ import annotations

from core.models import Area, AreaKind, Role
from core.principal import Principal

LIVING = (AreaKind.VILLAGE, AreaKind.COMMUNITY)


def may_import_roster(user: Principal, scope: Area) -> bool:
    """Officials for the areas they govern (any level), admins for all."""
    return user.has(Role.OFFICIAL, Role.ADMIN) and user.governs(scope.path)


def may_verify_in_person(user: Principal, home: Area | None, area: Area) -> bool:
    """Both the resident's registered home and the roster's village must be the official's."""
    return (
        user.has(Role.OFFICIAL, Role.ADMIN)
        and area.kind in LIVING
        and home is not None
        and user.governs(home.path)
        and user.governs(area.path)
    )
