"""Who is asking: the signed-in person with their roles, loaded once per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tortoise.expressions import Q

from core import sql
from core.models import Role


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
    # The privacy policy version of their newest live consent (None: never agreed online).
    policy_version: str | None = None

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


def governed_scope(user: Principal, clause: Callable[[str], Q]) -> Q:
    """A database filter for the records this person governs: `clause(path)` for each area
    they answer for (none matches when they answer for none); everything for admins."""
    if user.has_all_areas:
        return Q()
    scope = Q(id=-1)
    for path in user.official_paths:
        scope |= clause(path)
    return scope


# Every signed-in request runs this, so it is hand-written SQL (core.sql): the account joined
# with its role grants, a row per grant (or one row without a role), only the columns needed,
# and the policy version agreed to (versions are dates, so the newest is the greatest).
_PRINCIPAL = """
SELECT u.id, u.name, u.mobile, u.home_area_id, u.session_version, g.role, a.path,
       (SELECT max(c.policy_version) FROM consent c WHERE c.user_id = u.id
        AND c.purpose = 'privacy_policy' AND c.withdrawn_at IS NULL) AS policy_version
FROM user_account u
LEFT JOIN role_grant g ON g.user_id = u.id
LEFT JOIN area a ON a.id = g.area_id
WHERE u.id = $1 AND u.is_active
"""


async def load_principal(
    user_id: int, ip: str = "", session_version: int | None = None
) -> Principal | None:
    """The person behind a session; None when the account is gone or inactive, or when the
    session was issued before the account's sessions were ended (its version is older)."""
    rows = await sql.fetch(_PRINCIPAL, user_id)
    if not rows:
        return None
    user = rows[0]
    if session_version is not None and session_version != user["session_version"]:
        return None
    grants = [(Role(r["role"]), r["path"]) for r in rows if r["role"]]
    return Principal(
        id=user["id"],
        name=user["name"],
        mobile=user["mobile"],
        home_area_id=user["home_area_id"],
        roles=frozenset(role for role, _path in grants),
        official_paths=tuple(
            sorted(path for role, path in grants if role == Role.OFFICIAL and path)
        ),
        ip=ip,
        policy_version=user["policy_version"],
    )
