"""Chinese error pages. Outside debug no stack trace ever reaches a visitor."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.api.responses import error_json
from core.headers import SECURITY_HEADERS
from core.i18n import DEFAULT_LOCALE, current_locale
from core.i18n import gettext as _
from core.outage import is_unavailable

log = logging.getLogger("yishi")
API_PATH = "/api/"  # the open-data API answers its errors in JSON, not as pages


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("请求有误"), _("提交的内容无法识别，请返回重试。")),
        403: (_("没有权限"), _("您没有权限执行此操作，或页面已过期，请刷新后重试。")),
        404: (_("页面不存在"), _("您要找的页面不存在或已被移除。")),
        405: (_("请求方式不支持"), _("请通过页面上的按钮操作。")),
        413: (_("文件过大"), _("上传的内容超过了大小限制，请压缩或拆分后再试。")),
        429: (_("操作过于频繁"), _("请稍后再试。")),
        500: (_("系统出错了"), _("服务器暂时出现问题，我们已记录下来，请稍后再试。")),
        503: (_("服务暂不可用"), _("系统正在维护或数据库暂时无法连接，请稍后再试。")),
    }


async def error_response(request: Request, status: int, detail: str | None = None) -> Response:
    from core.templating import render  # late: templating → csrf → this module

    if request.url.path.startswith(API_PATH):
        return _api_error(status, detail)
    title, message = _messages().get(status, _messages()[400 if status < 500 else 500])
    context = {"status": status, "title": title, "message": detail or message}
    return render(request, "errors/error.html", context, status_code=status)


def _api_error(status: int, detail: str | None) -> Response:

    token = current_locale.set(DEFAULT_LOCALE)  # shared data, one language: Chinese
    try:
        _title, message = _messages().get(status, _messages()[400 if status < 500 else 500])
        return error_json(status, detail or message)
    finally:
        current_locale.reset(token)


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.detail and exc.detail != _default_phrase(exc.status_code) else None
    response = await error_response(request, exc.status_code, detail)
    # The exception's headers belong to the answer: a 405 must say what is `Allow`ed
    # (RFC 9110 §15.5.6), and Starlette's routes put it there.
    response.headers.update(exc.headers or {})
    return response


async def server_error(request: Request, exc: Exception) -> Response:

    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    response = await error_response(request, 500)
    # Starlette answers a crash outermost, outside the middleware that adds these headers.
    response.headers.update(SECURITY_HEADERS)
    return response


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """503 with Retry-After while the database is out of reach (registered for `db.UNAVAILABLE`
    and for OSError, which is only sometimes the database)."""
    if not is_unavailable(exc):
        return await server_error(request, exc)
    log.warning("database unavailable: %r", exc)
    request.state.database_outage = True  # core.replica may ask the primary instead
    response = await error_response(request, 503)
    response.headers["Retry-After"] = "10"
    return response


class DatabaseOutageMiddleware:
    """A database outage met outside the routes (the signed-in person is loaded in a
    middleware) is a 503 too. Left to Starlette's crash handler it would be a 500 page, a
    traceback in the log for every request, and a dropped keep-alive connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started or not is_unavailable(exc):
                raise

            response = await database_unavailable(Request(scope), exc)
            response.headers.update(SECURITY_HEADERS)  # added inside, by now unwound
            await response(scope, receive, send)
