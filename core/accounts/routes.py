from starlette.routing import Route

from core.accounts import endpoints

routes = [
    Route("/register", endpoints.register, methods=["GET", "POST"], name="register"),
    Route("/login", endpoints.login, methods=["GET", "POST"], name="login"),
    Route("/logout", endpoints.logout, methods=["POST"], name="logout"),
    Route("/lang/{locale}", endpoints.switch_language, name="switch_language"),
]
