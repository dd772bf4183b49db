"""The home page (首页) and the health check."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from app.inbox import tasks_for
from consult.queries import public_topics
from core.models import Area, AreaKind
from core.permissions import signed_in
from core.principal import Principal
from core.routing import PublicRead
from core.templating import render
from projects import offers
from projects.labels import PHASES
from projects.models import Process
from projects.queries import open_processes, published_processes
from residents.why_not import WhyNot


async def home(request: Request) -> Response:
    district = await Area.filter(kind=AreaKind.DISTRICT).first()
    counts = {
        "villages": await Area.filter(kind__in=[AreaKind.VILLAGE, AreaKind.COMMUNITY]).count(),
    }
    topics = [card for card in await public_topics() if card.phase == "open"][:4]
    user = signed_in(request)
    processes = await open_processes()
    context = {
        "district": district,
        "counts": counts,
        "processes": processes,
        "vote_whys": await _vote_whys(user, [item.process for item in processes]),
        "topics": topics,
        "phase_labels": PHASES,
        "published": await published_processes(),
        "tasks": await tasks_for(user) if user else [],
    }
    return render(request, "home.html", context)


async def _vote_whys(user: Principal | None, processes: list[Process]) -> dict[int, WhyNot]:
    """For a signed-in person, why not to vote where voting is open to others only: the
    home page shows that instead of a "去投票" that would end on a refusal."""
    if user is None:
        return {}  # the same page for every visitor: "去投票" asks them to log in first
    whys = {}
    for process in processes:
        _offered, why = await offers.vote(user, process)
        if why is not None:
            whys[process.id] = why
    return whys


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
