from starlette.routing import Route

from accountability.objections import endpoints
from core.routing import PublicRead

routes = [
    PublicRead(
        "/processes/{process_id:int}/objections", endpoints.objection_list, name="objections"
    ),
    Route(
        "/processes/{process_id:int}/objections",
        endpoints.objection_file,
        methods=["POST"],
        name="objection_file",
    ),
    Route(
        "/objections/{objection_id:int}/file",
        endpoints.objection_attachment,
        name="objection_attachment",
    ),
    Route("/desk/objections", endpoints.objection_desk, name="objection_desk"),
    Route(
        "/desk/objections/{objection_id:int}/answer",
        endpoints.objection_answer,
        methods=["POST"],
        name="objection_answer",
    ),
]
