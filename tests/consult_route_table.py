"""The guarded routes of the comment system and the consultation, and who gets through.

Unlike the foundation's table, the sets here are exact for every persona (admins listed
where they pass): several routes are open to any signed-in person at the guard, and the
service then checks the person against the record (residents of the area, officials
governing it). The persona fixture: a resident of 吴家堡村, an official of 吴家堡街道, finance,
an admin; the records live in 吴家堡街道.
"""

from core.models import Role

R, OFF, F, A = Role.RESIDENT, Role.OFFICIAL, Role.FINANCE, Role.ADMIN
STAFF = {OFF, A}
D = "/desk/consult/{topic_id:int}"

STAFF_ROUTES: list[tuple[str, str, set[Role]]] = [
    ("POST", "/comments/{subject_type:str}/{subject_id:int}", {R, OFF, A}),
    ("POST", "/comments/{comment_id:int}/reply", {R, OFF, A}),
    ("POST", "/comments/{comment_id:int}/report", {R}),  # verified residents of the area
    ("POST", "/comments/{comment_id:int}/support", {R}),
    ("POST", "/comments/{comment_id:int}/hide", STAFF),
    ("POST", "/comments/{comment_id:int}/restore", STAFF),
    ("GET", "/desk/comments", STAFF),
    ("POST", "/consult/topics/{topic_id:int}/questionnaire", {R}),
    ("GET", "/desk/consult", STAFF),
    ("GET", "/desk/consult/new", STAFF),
    ("POST", "/desk/consult/new", STAFF),
    ("GET", D, STAFF),
    ("POST", D, STAFF),
    ("POST", f"{D}/publish", STAFF),
    ("POST", f"{D}/close", STAFF),
    ("GET", f"{D}/answer", STAFF),
    ("POST", f"{D}/answer", STAFF),
    ("POST", f"{D}/documents", STAFF),
    ("POST", f"{D}/documents/{{document_id:int}}/delete", STAFF),
    ("GET", f"{D}/questions", STAFF),
    ("POST", f"{D}/questions", STAFF),
    ("POST", f"{D}/questions/{{question_id:int}}/delete", STAFF),
    ("POST", f"{D}/questions/{{question_id:int}}/move", STAFF),
    ("GET", f"{D}/feedback", STAFF),
    ("POST", "/desk/consult/opinions/{comment_id:int}/feedback", STAFF),
    ("GET", f"{D}/export.xlsx", STAFF),
    ("GET", f"{D}/export/{{dataset:str}}.csv", STAFF),
]
# Guarded by sign-in only; the services then decide (covered by the table above too).
SIGNED_IN_ROUTES = [
    (m, t)
    for m, t, _roles in STAFF_ROUTES
    if (t.startswith("/comments/") and not t.endswith(("/hide", "/restore")))
    or t.endswith("/questionnaire")
]
