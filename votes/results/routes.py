from starlette.routing import Route

from core.routing import PublicRead
from votes import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from votes.results import endpoints

routes = [
    PublicRead("/processes/{process_id:int}/results", endpoints.results_page, name="results"),
    PublicRead("/processes/{process_id:int}/awards", endpoints.award_list, name="award_list"),
    PublicRead(
        "/processes/{process_id:int}/awards/notice", endpoints.award_list, name="award_notice"
    ),
    PublicRead(
        "/processes/{process_id:int}/awards.{kind:str}",
        endpoints.award_download,
        name="award_download",
    ),
    PublicRead(
        "/processes/{process_id:int}/boxes/{box_id:int}/ballots.pb",
        endpoints.ballots_file,
        name="ballots_file",
    ),
    Route(
        "/admin/processes/{process_id:int}/tally",
        endpoints.tally_run,
        methods=["GET", "POST"],
        name="tally_run",
    ),
]
