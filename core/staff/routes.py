from starlette.routing import Route

from core.staff import endpoints

routes = [
    Route("/admin/users", endpoints.user_list, name="user_list"),
    Route("/admin/users/new", endpoints.user_new, methods=["GET", "POST"], name="user_new"),
    Route("/admin/users/{user_id:int}", endpoints.user_detail, name="user_detail"),
    Route(
        "/admin/users/{user_id:int}/grants", endpoints.grant_add, methods=["POST"], name="grant_add"
    ),
    Route(
        "/admin/users/{user_id:int}/grants/{grant_id:int}/revoke",
        endpoints.grant_revoke,
        methods=["POST"],
        name="grant_revoke",
    ),
]
