from starlette.routing import Route

from core.routing import PublicRead
from projects import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from projects import from_letter
from projects import subjects as _subjects  # noqa: F401 - registers proposals with comments
from projects.endpoints import admin, attachments, authoring, desk, posters, public, supports

routes = [
    PublicRead("/processes", public.process_list, name="process_list"),
    PublicRead("/processes/{process_id:int}", public.process_detail, name="process_detail"),
    Route(
        "/processes/{process_id:int}/propose",
        authoring.proposal_new,
        methods=["GET", "POST"],
        name="proposal_new",
    ),
    PublicRead("/proposals/{proposal_id:int}", public.proposal_detail, name="proposal_detail"),
    PublicRead("/processes/{process_id:int}/poster", posters.process_poster, name="process_poster"),
    PublicRead(
        "/proposals/{proposal_id:int}/poster", posters.proposal_poster, name="proposal_poster"
    ),
    Route(
        "/proposals/{proposal_id:int}/edit",
        authoring.proposal_edit,
        methods=["GET", "POST"],
        name="proposal_edit",
    ),
    Route(
        "/proposals/{proposal_id:int}/withdraw",
        authoring.proposal_withdraw,
        methods=["POST"],
        name="proposal_withdraw",
    ),
    Route(
        "/proposals/{proposal_id:int}/attachments/{attachment_id:int}/delete",
        authoring.attachment_delete,
        methods=["POST"],
        name="attachment_delete",
    ),
    Route(
        "/proposals/{proposal_id:int}/support",
        supports.support_toggle,
        methods=["POST"],
        name="support_add",
    ),
    Route(
        "/proposals/{proposal_id:int}/unsupport",
        supports.support_toggle,
        methods=["POST"],
        name="support_remove",
    ),
    Route("/attachments/{attachment_id:int}", attachments.attachment_file, name="attachment"),
    Route(
        "/attachments/{attachment_id:int}/thumb",
        attachments.attachment_thumb,
        name="attachment_thumb",
    ),
    Route("/admin/processes", admin.process_admin_list, name="process_admin_list"),
    Route("/admin/processes/new", admin.process_new, methods=["GET", "POST"], name="process_new"),
    Route(
        "/admin/processes/{process_id:int}/edit",
        admin.process_edit,
        methods=["GET", "POST"],
        name="process_edit",
    ),
    Route(
        "/admin/processes/{process_id:int}/phase",
        admin.process_phase,
        methods=["GET", "POST"],
        name="process_phase",
    ),
    Route("/desk/proposals", desk.review_queue, name="review_queue"),
    Route(
        "/desk/proposals/{proposal_id:int}/review",
        desk.review_submit,
        methods=["POST"],
        name="review_submit",
    ),
    Route(
        "/desk/letters/{letter_id:int}/proposal",
        from_letter.proposal_from_letter_page,
        name="proposal_from_letter_page",
    ),
    Route(
        "/desk/letters/{letter_id:int}/proposal",
        from_letter.proposal_from_letter,
        methods=["POST"],
        name="proposal_from_letter",
    ),
]
