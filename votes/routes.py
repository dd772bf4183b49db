from starlette.routing import Route

from votes import endpoints_rosters, endpoints_verify
from votes.sealing.routes import routes as sealing_routes

routes = [
    Route("/verify", endpoints_verify.verify, methods=["GET", "POST"], name="verify"),
    Route(
        "/desk/rosters", endpoints_rosters.roster_desk, methods=["GET", "POST"], name="roster_desk"
    ),
    Route(
        "/desk/verify", endpoints_verify.desk_verify, methods=["GET", "POST"], name="desk_verify"
    ),
    *sealing_routes,
]
