from starlette.routing import Route

from core.csrf import token_is_the_proof
from notify import endpoints

# A mail client's one-click unsubscribe (RFC 8058) posts from outside any session: the
# signed token in the URL is what proves the right to turn that e-mail off.
token_is_the_proof("/unsubscribe/")

routes = [
    Route("/messages", endpoints.message_list, name="message_list"),
    Route(
        "/messages/read-all",
        endpoints.messages_read_all,
        methods=["POST"],
        name="messages_read_all",
    ),
    Route(
        "/messages/{message_id:int}/open",
        endpoints.message_open,
        methods=["POST"],
        name="message_open",
    ),
    Route(
        "/me/notifications",
        endpoints.preferences,
        methods=["GET", "POST"],
        name="notify_preferences",
    ),
    Route(
        "/unsubscribe/{token:str}",
        endpoints.unsubscribe,
        methods=["GET", "POST"],
        name="unsubscribe",
    ),
    Route("/admin/deliveries", endpoints.delivery_list, name="delivery_list"),
    Route("/admin/jobs/{job_id:int}", endpoints.job_page, name="job_page"),
    Route(
        "/admin/deliveries/{delivery_id:int}/resend",
        endpoints.delivery_resend,
        methods=["POST"],
        name="delivery_resend",
    ),
]
