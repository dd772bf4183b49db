"""The guarded routes of objections and implementation tracking, and who may use them
(admins: everything). Officials are then limited to their own areas by the endpoints."""

from core.models import Role

A, OFF, FIN = Role.ADMIN, Role.OFFICIAL, Role.FINANCE

STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("GET", "/desk/objections", {OFF}),
    ("POST", "/desk/objections/{objection_id:int}/answer", {OFF}),
    ("GET", "/desk/implementation", {OFF}),
    ("GET", "/desk/implementation/{proposal_id:int}", {OFF}),
    ("POST", "/desk/implementation/{proposal_id:int}/plan", {OFF}),
    ("POST", "/desk/implementation/{proposal_id:int}/milestones", {OFF}),
    ("POST", "/desk/implementation/{proposal_id:int}/spends", {OFF}),
    ("POST", "/finance/spends/{spend_id:int}/confirm", {FIN}),
]
# Signed in; then the author of the objection or its answering officials (404 otherwise),
# and verified residents of the process area for filing (a form message otherwise).
SIGNED_IN_ROUTES = [
    ("POST", "/processes/{process_id:int}/objections"),
    ("GET", "/objections/{objection_id:int}/file"),
]
