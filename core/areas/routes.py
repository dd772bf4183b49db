from starlette.routing import Route

from core.areas import endpoints

routes = [
    Route("/admin/areas", endpoints.area_list, name="area_list"),
    Route("/admin/areas/new", endpoints.area_new, methods=["GET", "POST"], name="area_new"),
    Route(
        "/admin/areas/import", endpoints.area_import, methods=["GET", "POST"], name="area_import"
    ),
    Route(
        "/admin/areas/{code:str}/edit",
        endpoints.area_edit,
        methods=["GET", "POST"],
        name="area_edit",
    ),
]
