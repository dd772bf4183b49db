from starlette.routing import Route

from assist import endpoints

routes = [
    Route("/desk/assist", endpoints.desk, methods=["GET", "POST"], name="assist_desk"),
    Route("/desk/assist/{resident_id:int}", endpoints.resident_page, name="assist_resident"),
    Route(
        "/desk/assist/{resident_id:int}/proposal",
        endpoints.write_proposal,
        methods=["POST"],
        name="assist_proposal",
    ),
    Route(
        "/desk/assist/{resident_id:int}/letter",
        endpoints.write_letter,
        methods=["POST"],
        name="assist_letter",
    ),
]
