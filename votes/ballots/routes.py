from starlette.routing import Route

from core.middleware import account_checked_by_endpoint
from votes.ballots import endpoints, paper

routes = [
    Route("/processes/{process_id:int}/vote", endpoints.vote_start, name="vote_start"),
    Route("/vote/{box_id:int}", endpoints.ballot_page, methods=["GET", "POST"], name="ballot"),
    Route(
        "/vote/{box_id:int}/meter", endpoints.ballot_meter, methods=["POST"], name="ballot_meter"
    ),
    Route(
        "/vote/{box_id:int}/review", endpoints.ballot_review, methods=["POST"], name="ballot_review"
    ),
    account_checked_by_endpoint(
        Route(
            "/vote/{box_id:int}/cast", endpoints.ballot_cast, methods=["POST"], name="ballot_cast"
        )
    ),
    Route("/vote/{box_id:int}/receipt", endpoints.ballot_receipt, name="ballot_receipt"),
    Route("/receipts", endpoints.receipt_check, name="receipt_check"),
    Route("/desk/paper", paper.paper_boxes, name="paper_boxes"),
    Route(
        "/desk/paper/{box_id:int}", paper.paper_entry, methods=["GET", "POST"], name="paper_entry"
    ),
    Route(
        "/desk/paper/{box_id:int}/batch", paper.paper_batch, methods=["POST"], name="paper_batch"
    ),
    Route(
        "/desk/paper/{box_id:int}/meeting",
        paper.meeting_totals,
        methods=["GET", "POST"],
        name="meeting_totals",
    ),
]
