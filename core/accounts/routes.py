from starlette.routing import Route

from core.accounts import endpoints, endpoints_data, endpoints_me, endpoints_reset

routes = [
    Route("/register", endpoints.register, methods=["GET", "POST"], name="register"),
    Route("/register/code", endpoints.register_code, methods=["POST"], name="register_code"),
    Route("/login", endpoints.login, methods=["GET", "POST"], name="login"),
    Route("/logout", endpoints.logout, methods=["POST"], name="logout"),
    Route("/reset", endpoints_reset.reset, methods=["GET", "POST"], name="reset"),
    Route(
        "/reset/password",
        endpoints_reset.reset_password,
        methods=["GET", "POST"],
        name="reset_password",
    ),
    Route("/me/password", endpoints_me.change_password, methods=["GET", "POST"]),
    Route("/me/phone", endpoints_me.phone, methods=["GET", "POST"], name="phone"),
    Route("/me/phone/code-old", endpoints_me.phone_code_old, methods=["POST"]),
    Route("/me/phone/code-new", endpoints_me.phone_code_new, methods=["POST"]),
    Route("/me/verify-phone", endpoints_me.verify_phone, methods=["GET", "POST"]),
    Route("/me/verify-phone/code", endpoints_me.verify_phone_code, methods=["POST"]),
    Route("/me/data", endpoints_data.my_data, name="my_data"),
    Route("/me/data/{kind:str}", endpoints_data.my_data_download),
    Route("/me/delete", endpoints_data.delete_account, methods=["POST"]),
    Route("/privacy", endpoints_data.privacy_policy, name="privacy"),
    Route("/privacy/agree", endpoints_data.agree_to_policy, methods=["POST"]),
    Route("/lang/{locale}", endpoints.switch_language, name="switch_language"),
    Route("/elder/{mode:str}", endpoints.switch_elder_mode, name="switch_elder_mode"),
]
