"""The open-data routes: the JSON API under /api/v1, its document, the CSV downloads and the
page that explains them.

To publish another resource (e.g. implementation progress), write its loader, serialiser and
schema in the domain's opendata module, then add its ``RESOURCES`` and ``SCHEMAS`` below.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from accountability.implementation import opendata as progress_data
from accountability.ratings import opendata as rating_data
from core.api import openapi
from core.api.resources import Resource
from core.api.responses import json_response
from core.i18n import DEFAULT_LOCALE, current_locale
from core.routing import PublicRead
from core.templating import render
from insight import opendata as insight_data
from letters import opendata as letter_data
from projects import opendata as project_data
from projects.endpoints import opendata as project_api
from votes.results import opendata as result_data

PREFIX = "/api/v1"
RESOURCES: list[Resource] = [
    *project_api.RESOURCES,
    *result_data.RESOURCES,
    *progress_data.RESOURCES,
    *rating_data.RESOURCES,
    *letter_data.RESOURCES,
    *insight_data.RESOURCES,
]
SCHEMAS = {
    **project_data.SCHEMAS,
    **result_data.SCHEMAS,
    **progress_data.SCHEMAS,
    **rating_data.SCHEMAS,
    **letter_data.SCHEMAS,
    **insight_data.SCHEMAS,
}


def endpoint(resource: Resource) -> Any:
    async def respond(request: Request) -> Response:
        # One language for everyone: the data is shared and cached, whatever a cookie says.
        token = current_locale.set(DEFAULT_LOCALE)
        try:
            return json_response(request, await resource.load(request))
        finally:
            current_locale.reset(token)

    respond.__name__ = f"api_{resource.name}"
    return respond


@cache
def document() -> dict[str, Any]:
    return openapi.document(RESOURCES, SCHEMAS)


async def openapi_json(request: Request) -> Response:
    return json_response(request, document(), cache="public, max-age=3600")


async def open_data_page(request: Request) -> Response:
    context = {"resources": RESOURCES, "prefix": PREFIX, "version": openapi.VERSION}
    return render(request, "api/index.html", context)


routes = [
    *[
        PublicRead(PREFIX + r.path, endpoint(r), methods=["GET"], name=f"api_{r.name}")
        for r in RESOURCES
    ],
    PublicRead(PREFIX + "/openapi.json", openapi_json, methods=["GET"], name="api_openapi"),
    PublicRead("/open-data", open_data_page, name="open_data"),
    PublicRead("/processes.csv", project_api.processes_csv, name="processes_csv"),
    PublicRead(
        "/processes/{process_id:int}/proposals.csv", project_api.proposals_csv, name="proposals_csv"
    ),
    PublicRead(
        "/processes/{process_id:int}/results.csv", result_data.results_csv, name="results_csv"
    ),
]
