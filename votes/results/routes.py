from starlette.routing import Route

from votes.results import endpoints, finance

routes = [
    Route("/processes/{process_id:int}/results", endpoints.results_page, name="results"),
    Route("/processes/{process_id:int}/awards", endpoints.award_list, name="award_list"),
    Route("/processes/{process_id:int}/awards/notice", endpoints.award_list, name="award_notice"),
    Route(
        "/processes/{process_id:int}/awards.{kind:str}",
        endpoints.award_download,
        name="award_download",
    ),
    Route(
        "/processes/{process_id:int}/boxes/{box_id:int}/ballots.pb",
        endpoints.ballots_file,
        name="ballots_file",
    ),
    Route(
        "/admin/processes/{process_id:int}/tally",
        endpoints.tally_run,
        methods=["POST"],
        name="tally_run",
    ),
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
]
