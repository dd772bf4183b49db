"""The guarded routes of the votes package (rosters, verification) and who may use them
(admins: everything). Officials are then limited to their own areas by the endpoints."""

from core.models import Role

A, OFF = Role.ADMIN, Role.OFFICIAL

STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("GET", "/desk/rosters", {OFF}),
    ("POST", "/desk/rosters", {OFF}),
    ("GET", "/desk/verify", {OFF}),
    ("POST", "/desk/verify", {OFF}),
]
# Any signed-in person may verify themselves.
SIGNED_IN_ROUTES = [
    ("GET", "/verify"),
    ("POST", "/verify"),
]
