"""Officials govern their areas and those below them (the route × role sweep over every
route is tests/app/test_route_permissions.py)."""

from __future__ import annotations

from core.models import Role
from core.principal import Principal

A, OFF, F = Role.ADMIN, Role.OFFICIAL, Role.FINANCE
PERSONAS = ["anonymous", "resident", "official", "finance", "admin"]


def test_officials_govern_their_area_and_its_descendants() -> None:
    official = Principal(
        1,
        "李",
        "13800000002",
        None,
        frozenset({OFF}),
        official_paths=("/370104000000/370104013000/",),
    )
    assert official.governs("/370104000000/370104013000/")
    assert official.governs("/370104000000/370104013000/370104013201/")
    assert not official.governs("/370104000000/370104100000/370104100201/")
    assert not official.governs("/370104000000/")
    admin = Principal(2, "王", "13800000001", None, frozenset({A}))
    assert admin.governs("/370104000000/370104100000/")
