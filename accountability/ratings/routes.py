from starlette.routing import Route

from accountability.ratings import endpoints

routes = [
    Route("/proposals/{proposal_id:int}/rating", endpoints.rating_page, name="rating"),
    Route(
        "/proposals/{proposal_id:int}/rating",
        endpoints.rating_save,
        methods=["POST"],
        name="rating_save",
    ),
    Route(
        "/desk/ratings/{rating_id:int}/answer",
        endpoints.rating_answer,
        methods=["POST"],
        name="rating_answer",
    ),
    Route(
        "/desk/ratings/{rating_id:int}/hide",
        endpoints.rating_hide,
        methods=["POST"],
        name="rating_hide",
    ),
    Route(
        "/desk/ratings/{rating_id:int}/restore",
        endpoints.rating_restore,
        methods=["POST"],
        name="rating_restore",
    ),
]
