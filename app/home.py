"""The home page (首页) and the health check."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from app.inbox import tasks_for
from consult.queries import public_topics
from core.models import Area, AreaKind
from core.permissions import signed_in
from core.routing import PublicRead
from core.templating import render
from projects.labels import PHASES
from projects.queries import open_processes, published_processes


async def home(request: Request) -> Response:
    district = await Area.filter(kind=AreaKind.DISTRICT).first()
    counts = {
        "villages": await Area.filter(kind__in=[AreaKind.VILLAGE, AreaKind.COMMUNITY]).count(),
    }
    topics = [card for card in await public_topics() if card.phase == "open"][:4]
    context = {
        "district": district,
        "counts": counts,
        "processes": await open_processes(),
        "topics": topics,
        "phase_labels": PHASES,
        "published": await published_processes(),
        "tasks": await tasks_for(user) if (user := signed_in(request)) else [],
    }
    return render(request, "home.html", context)


async def healthz(request: Request) -> Response:
    await Area.all().limit(1)  # proves the database answers
    return PlainTextResponse("ok")


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico whatever the page says; answer instead of a 404.
    return RedirectResponse("/static/favicon.svg", status_code=301)


routes = [
    PublicRead("/", home, name="home"),
    Route("/healthz", healthz, name="healthz"),
    Route("/favicon.ico", favicon),
]
