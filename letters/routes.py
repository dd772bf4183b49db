from starlette.routing import Route

from core.routing import PublicRead
from letters import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from letters import desk, endpoints, reporting

L = "/letters/{letter_id:int}"
D = "/desk/letters/{letter_id:int}"

routes = [
    PublicRead("/letters", endpoints.public_list, name="letters"),
    PublicRead("/letters/stats", reporting.stats_page, name="letter_stats"),
    PublicRead("/letters/stats.csv", reporting.stats_csv, name="letter_stats_csv"),
    Route("/letters/write", endpoints.letter_new, name="letter_new"),
    Route("/letters/write", endpoints.letter_write, methods=["POST"], name="letter_write"),
    Route("/letters/mine", endpoints.my_letters, name="my_letters"),
    Route(L, endpoints.letter_detail, name="letter"),
    Route(f"{L}/rate", endpoints.letter_rate, methods=["POST"], name="letter_rate"),
    Route("/letters/files/{file_id:int}", endpoints.letter_file, name="letter_file"),
    Route("/desk/letters", desk.desk, name="letter_desk"),
    Route("/desk/letters/schedule", desk.schedule, name="letter_schedule"),
    Route(
        "/desk/letters/schedule", desk.schedule_save, methods=["POST"], name="letter_schedule_save"
    ),
    Route(f"{D}/accept", desk.accept, methods=["POST"], name="letter_accept"),
    Route(f"{D}/transfer", desk.transfer, methods=["POST"], name="letter_transfer"),
    Route(f"{D}/decline", desk.decline, methods=["POST"], name="letter_decline"),
    Route(f"{D}/extension", desk.extension, methods=["POST"], name="letter_extension"),
    Route(
        f"{D}/extension/decide",
        desk.extension_decide,
        methods=["POST"],
        name="letter_extension_decide",
    ),
    Route(f"{D}/reply", desk.reply, methods=["POST"], name="letter_reply"),
]
