"""The guarded routes of the votes package (rosters, verification) and who may use them
(admins: everything). Officials are then limited to their own areas by the endpoints."""

from core.models import Role

A, OFF, FIN = Role.ADMIN, Role.OFFICIAL, Role.FINANCE

STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("GET", "/desk/rosters", {OFF}),
    ("POST", "/desk/rosters", {OFF}),
    ("GET", "/desk/verify", {OFF}),
    ("POST", "/desk/verify", {OFF}),
    ("GET", "/desk/paper", {OFF}),
    ("GET", "/desk/paper/{box_id:int}", {OFF}),
    ("POST", "/desk/paper/{box_id:int}", {OFF}),
    ("POST", "/desk/paper/{box_id:int}/batch", {OFF}),
    ("GET", "/desk/paper/{box_id:int}/meeting", {OFF}),
    ("POST", "/desk/paper/{box_id:int}/meeting", {OFF}),
    ("POST", "/admin/processes/{process_id:int}/tally", {A}),
    ("GET", "/admin/processes/{process_id:int}/open", {A}),
    ("POST", "/admin/processes/{process_id:int}/open", {A}),
    ("GET", "/finance", {FIN}),
    ("GET", "/finance/processes/{process_id:int}", {FIN}),
    ("GET", "/finance/processes/{process_id:int}/awards.xlsx", {FIN}),
    ("POST", "/finance/awards/{award_id:int}", {FIN}),
]
# Any signed-in person may verify themselves.
SIGNED_IN_ROUTES = [
    ("GET", "/verify"),
    ("POST", "/verify"),
    # The ballot: then only verified, old-enough residents of the box's area (403 otherwise).
    ("GET", "/processes/{process_id:int}/vote"),
    ("GET", "/vote/{box_id:int}"),
    ("POST", "/vote/{box_id:int}"),
    ("POST", "/vote/{box_id:int}/meter"),
    ("POST", "/vote/{box_id:int}/review"),
    ("POST", "/vote/{box_id:int}/cast"),
    ("GET", "/vote/{box_id:int}/receipt"),
]
