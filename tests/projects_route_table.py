"""The guarded routes of the projects package and who may use them (admins: everything)."""

from core.models import Role

A, OFF = Role.ADMIN, Role.OFFICIAL

STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("GET", "/admin/processes", {A}),
    ("GET", "/admin/processes/new", {A}),
    ("POST", "/admin/processes/new", {A}),
    ("GET", "/admin/processes/{process_id:int}/edit", {A}),
    ("POST", "/admin/processes/{process_id:int}/edit", {A}),
    ("POST", "/admin/processes/{process_id:int}/phase", {A}),
    ("GET", "/desk/proposals", {OFF}),
    ("POST", "/desk/proposals/{proposal_id:int}/review", {OFF}),
]
# Any signed-in person may reach these; the endpoint then checks the person against the record.
SIGNED_IN_ROUTES = [
    ("GET", "/processes/{process_id:int}/propose"),
    ("POST", "/processes/{process_id:int}/propose"),
    ("GET", "/proposals/{proposal_id:int}/edit"),
    ("POST", "/proposals/{proposal_id:int}/edit"),
    ("POST", "/proposals/{proposal_id:int}/withdraw"),
    ("POST", "/proposals/{proposal_id:int}/attachments/{attachment_id:int}/delete"),
    ("POST", "/proposals/{proposal_id:int}/support"),
    ("POST", "/proposals/{proposal_id:int}/unsupport"),
]
