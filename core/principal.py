"""Who is asking: the signed-in person with their roles, loaded once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.models import Role, RoleGrant, User


@dataclass(frozen=True)
class Principal:
    id: int
    name: str
    mobile: str
    home_area_id: int | None
    roles: frozenset[Role] = field(default_factory=frozenset)
    # Area paths an official answers for; descendants match by prefix.
    official_paths: tuple[str, ...] = ()
    ip: str = ""  # where the request came from, for the audit log

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return self.has(Role.OFFICIAL, Role.FINANCE, Role.ADMIN)

    @property
    def has_all_areas(self) -> bool:
        """Admins act on every area."""
        return Role.ADMIN in self.roles

    def governs(self, area_path: str) -> bool:
        """May this person act, as official or admin, on something in that area?"""
        if Role.ADMIN in self.roles:
            return True
        return any(area_path.startswith(path) for path in self.official_paths)


async def load_principal(user_id: int, ip: str = "",
                         session_version: int | None = None) -> Principal | None:
    """The person behind a session; None when the account is gone or inactive, or when the
    session was issued before the account's sessions were ended (its version is older)."""
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        return None
    if session_version is not None and session_version != user.session_version:
        return None
    grants = await RoleGrant.filter(user_id=user_id).select_related("area")
    return Principal(
        id=user.id,
        name=user.name,
        mobile=user.mobile,
        home_area_id=user.home_area_id,  # type: ignore[attr-defined]
        roles=frozenset(grant.role for grant in grants),
        official_paths=tuple(
            sorted(g.area.path for g in grants if g.role == Role.OFFICIAL and g.area)
        ),
        ip=ip,
    )
