from starlette.routing import Route

from accountability.implementation import endpoints, opendata
from core.routing import PublicRead

routes = [
    PublicRead("/processes/{process_id:int}/progress", endpoints.progress_page, name="progress"),
    PublicRead(
        "/processes/{process_id:int}/progress.csv", opendata.progress_csv, name="progress_csv"
    ),
    Route("/milestone-files/{file_id:int}", endpoints.milestone_file, name="milestone_file"),
    Route("/milestone-files/{file_id:int}/thumb", endpoints.milestone_file, name="milestone_thumb"),
    Route("/desk/implementation", endpoints.desk_list, name="implementation_desk"),
    Route(
        "/desk/implementation/{proposal_id:int}",
        endpoints.desk_project,
        name="implementation_project",
    ),
    Route(
        "/desk/implementation/{proposal_id:int}/plan",
        endpoints.plan_save,
        methods=["POST"],
        name="implementation_plan",
    ),
    Route(
        "/desk/implementation/{proposal_id:int}/milestones",
        endpoints.milestone_add,
        methods=["POST"],
        name="implementation_milestone",
    ),
    Route(
        "/desk/implementation/{proposal_id:int}/spends",
        endpoints.spend_add,
        methods=["POST"],
        name="implementation_spend",
    ),
    Route(
        "/finance/spends/{spend_id:int}/confirm",
        endpoints.spend_confirm,
        methods=["POST"],
        name="spend_confirm",
    ),
]
