from starlette.routing import Route

from votes.sealing import endpoints

routes = [
    Route(
        "/admin/processes/{process_id:int}/open",
        endpoints.ballots_open,
        methods=["GET", "POST"],
        name="ballots_open",
    ),
]
