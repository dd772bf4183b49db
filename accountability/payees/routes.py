from starlette.routing import Route

from accountability.payees import endpoints

routes = [
    Route("/finance/payees", endpoints.payee_list, name="payee_list"),
    Route(
        "/finance/payees/{code:str}/edit",
        endpoints.payee_edit,
        methods=["GET", "POST"],
        name="payee_edit",
    ),
]
