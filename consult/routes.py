from starlette.routing import Route

from consult import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from consult import builder, desk, endpoints, from_letter
from consult import subjects as _subjects  # noqa: F401 - registers topics with comments
from core.routing import PublicRead

T = "/consult/topics/{topic_id:int}"
D = "/desk/consult/{topic_id:int}"

routes = [
    PublicRead("/consult", endpoints.topic_list, name="consult_list"),
    PublicRead(T, endpoints.topic_detail, name="consult_topic"),
    Route(f"{T}/questionnaire", endpoints.questionnaire, name="consult_questionnaire"),
    Route(
        f"{T}/questionnaire",
        endpoints.questionnaire_submit,
        methods=["POST"],
        name="consult_questionnaire_submit",
    ),
    PublicRead(f"{T}/summary", endpoints.summary, name="consult_summary"),
    PublicRead(f"{T}/export.xlsx", endpoints.public_export, name="consult_export_xlsx"),
    PublicRead(
        f"{T}/export/{{dataset:str}}.csv", endpoints.public_export, name="consult_export_csv"
    ),
    Route(
        "/consult/documents/{document_id:int}", endpoints.document_download, name="consult_document"
    ),
    Route("/desk/consult", desk.desk_list, name="consult_desk"),
    Route("/desk/consult/new", desk.topic_new, methods=["GET", "POST"], name="consult_new"),
    Route(D, desk.topic_edit, methods=["GET", "POST"], name="consult_edit"),
    Route(f"{D}/publish", desk.topic_publish, methods=["POST"], name="consult_publish"),
    Route(f"{D}/close", desk.topic_close, methods=["POST"], name="consult_close"),
    Route(f"{D}/answer", desk.topic_answer, methods=["GET", "POST"], name="consult_answer"),
    Route(f"{D}/documents", desk.document_upload, methods=["POST"], name="consult_upload"),
    Route(
        f"{D}/documents/{{document_id:int}}/delete",
        desk.document_delete,
        methods=["POST"],
        name="consult_document_delete",
    ),
    Route(f"{D}/questions", builder.builder, methods=["GET", "POST"], name="consult_builder"),
    Route(
        f"{D}/questions/{{question_id:int}}/delete",
        builder.question_delete,
        methods=["POST"],
        name="consult_question_delete",
    ),
    Route(
        f"{D}/questions/{{question_id:int}}/move",
        builder.question_move,
        methods=["POST"],
        name="consult_question_move",
    ),
    Route(f"{D}/feedback", desk.feedback_list, name="consult_feedback"),
    Route(
        "/desk/consult/opinions/{comment_id:int}/feedback",
        desk.feedback_save,
        methods=["POST"],
        name="consult_feedback_save",
    ),
    Route(f"{D}/export.xlsx", desk.staff_export, name="consult_staff_export_xlsx"),
    Route(f"{D}/export/{{dataset:str}}.csv", desk.staff_export, name="consult_staff_export_csv"),
    Route(
        "/desk/letters/{letter_id:int}/topic",
        from_letter.topic_from_letter,
        methods=["POST"],
        name="topic_from_letter",
    ),
]
