"""The application factory: routes of every package, middleware, error pages, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount

from accountability.implementation.routes import routes as implementation_routes
from accountability.objections.routes import routes as objection_routes
from accountability.ratings.routes import routes as rating_routes
from accountability.routes import routes as finance_routes
from app import wiring
from app.home import routes as home_routes
from app.me import routes as me_routes
from app.opendata import routes as api_routes
from assist.routes import routes as assist_routes
from comments.routes import routes as comment_routes
from consult.routes import routes as consult_routes
from core import compression, db, errors, outage, settings, storage
from core.accounts.routes import routes as account_routes
from core.areas.routes import routes as area_routes
from core.auditlog.routes import routes as audit_routes
from core.csrf import CsrfMiddleware
from core.middleware import RequestContextMiddleware
from core.pagecache.middleware import PageCacheMiddleware
from core.replica import ReplicaReadsMiddleware
from core.routing import RouteIndex
from core.search.routes import routes as search_routes
from core.staff.routes import routes as staff_routes
from core.static import assets
from insight.routes import routes as insight_routes
from letters.routes import routes as letter_routes
from notify.middleware import UnreadCountMiddleware
from notify.routes import routes as notify_routes
from notify.worker import InAppWorker
from projects.routes import routes as project_routes
from residents.routes import routes as resident_routes
from votes.ballots.routes import routes as ballot_routes
from votes.results.routes import routes as result_routes
from votes.sealing.routes import routes as sealing_routes

SESSION_COOKIE = "yishi_session"

wiring.install()


def all_routes() -> list[BaseRoute]:
    return [
        *home_routes,
        *account_routes,
        *me_routes,
        *notify_routes,
        *area_routes,
        *staff_routes,
        *audit_routes,
        *project_routes,
        *comment_routes,
        *consult_routes,
        *letter_routes,
        *resident_routes,
        *assist_routes,
        *ballot_routes,
        *result_routes,
        *sealing_routes,
        *objection_routes,
        *implementation_routes,
        *rating_routes,
        *finance_routes,
        *insight_routes,
        *api_routes,
        *search_routes,
        Mount("/static", app=assets, name="static"),
    ]


def create_app(database_url: str | None = None, *, manage_database: bool = True) -> Starlette:
    """`manage_database=False` lets tests open the database themselves."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        storage.storage()  # a wrong YISHI_UPLOADS stops the start, not the first upload
        worker = InAppWorker()
        if manage_database:
            await db.open_database(database_url)
            if (database_url or settings.DATABASE_URL).startswith("sqlite"):
                worker.start()  # on PostgreSQL, `yishi worker` processes deliver
        try:
            yield
        finally:
            await worker.stop()
            await storage.close()
            if manage_database:
                await db.close_database()

    middleware = [
        compression.middleware(),  # outermost: error pages are compressed too
        Middleware(errors.DatabaseOutageMiddleware),
        Middleware(
            SessionMiddleware,
            secret_key=str(settings.SECRET_KEY),
            session_cookie=SESSION_COOKIE,
            max_age=settings.SESSION_MAX_AGE,
            same_site="lax",
            https_only=settings.COOKIE_SECURE,
        ),
        Middleware(PageCacheMiddleware),  # after the session: it serves anonymous visitors
        Middleware(RequestContextMiddleware),
        Middleware(UnreadCountMiddleware),
        Middleware(ReplicaReadsMiddleware),  # after the principal: it asks who is signed in
        Middleware(CsrfMiddleware),
    ]
    routes = all_routes()
    return Starlette(
        debug=settings.DEBUG,
        routes=[RouteIndex(routes), *routes],
        middleware=middleware,
        exception_handlers={
            HTTPException: errors.http_exception,
            **{kind: errors.database_unavailable for kind in (*outage.UNAVAILABLE, OSError)},
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
