from starlette.routing import Route

from residents import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from residents.endpoints import rosters as endpoints_rosters
from residents.endpoints import verify as endpoints_verify

routes = [
    Route("/verify", endpoints_verify.verify, methods=["GET", "POST"], name="verify"),
    Route(
        "/desk/rosters", endpoints_rosters.roster_desk, methods=["GET", "POST"], name="roster_desk"
    ),
    Route(
        "/desk/verify", endpoints_verify.desk_verify, methods=["GET", "POST"], name="desk_verify"
    ),
]
