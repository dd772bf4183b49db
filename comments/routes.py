from starlette.routing import Route

from comments import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from comments import endpoints

routes = [
    Route(
        "/comments/{subject_type:str}/{subject_id:int}",
        endpoints.comment_post,
        methods=["POST"],
        name="comment_post",
    ),
    Route(
        "/comments/{comment_id:int}/reply",
        endpoints.comment_reply,
        methods=["POST"],
        name="comment_reply",
    ),
    Route(
        "/comments/{comment_id:int}/report",
        endpoints.comment_report,
        methods=["POST"],
        name="comment_report",
    ),
    Route(
        "/comments/{comment_id:int}/support",
        endpoints.comment_support,
        methods=["POST"],
        name="comment_support",
    ),
    Route(
        "/comments/{comment_id:int}/hide",
        endpoints.comment_hide,
        methods=["POST"],
        name="comment_hide",
    ),
    Route(
        "/comments/{comment_id:int}/restore",
        endpoints.comment_restore,
        methods=["POST"],
        name="comment_restore",
    ),
    Route("/desk/comments", endpoints.comment_queue, name="comment_queue"),
]
