"""Routes of the finance office (财政): award lists to confirm, disbursements, exports."""

from starlette.routing import Route

from accountability import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from accountability import finance
from accountability.payees.routes import routes as payee_routes

routes = [
    Route("/finance", finance.finance_home, name="finance_home"),
    Route("/finance/processes/{process_id:int}", finance.finance_process, name="finance_process"),
    Route(
        "/finance/processes/{process_id:int}/awards.xlsx",
        finance.finance_download,
        name="finance_download",
    ),
    Route(
        "/finance/awards/{award_id:int}",
        finance.award_update,
        methods=["POST"],
        name="award_update",
    ),
    *payee_routes,
]
