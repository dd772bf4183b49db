"""The search page (/search): the box on every page sends its words here."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from core import clock
from core.areas.queries import area_tree
from core.forms import parse_id
from core.i18n import gettext as _
from core.models import Area
from core.search import query
from core.search.index import SOURCES
from core.templating import render

YEARS = 10  # the filter offers this year and the nine before it
QUERY_MAX = 100


async def search_page(request: Request) -> Response:
    params = request.query_params
    text = params.get("q", "")[:QUERY_MAX].strip()
    areas = await area_tree()
    area = next((a for a in areas if a.code == params.get("area")), None)
    filters = _filters(params.get("kind", ""), params.get("year", ""), params.get("status", ""))
    filters = query.Filters(filters.kind, filters.year, filters.status, area.path if area else "")
    results = await query.search(text, filters, parse_id(params.get("page")) or 1)
    context = {
        "text": text,
        "results": results,
        "filters": filters,
        "area": area,
        "areas": areas,
        "years": [clock.today().year - n for n in range(YEARS)],
        "sources": SOURCES,
        "statuses": _statuses(filters.kind),
        "more": _pager_base(text, filters, area),
    }
    return render(request, "search/results.html", context)


def _filters(kind: str, year: str, status: str) -> query.Filters:
    """Only values the index can hold: anything else is no filter at all."""
    kind = kind if kind in SOURCES else ""
    number = int(year) if year.isdigit() and len(year) == 4 else 0
    known = _statuses(kind)
    return query.Filters(kind, number, status if status in known else "")


def _statuses(kind: str) -> dict[str, str]:
    """status → label, of one kind or of all (the same code means the same word)."""
    chosen = [SOURCES[kind]] if kind else list(SOURCES.values())
    return {code: _(label) for source in chosen for code, label in source.statuses.items()}


def _pager_base(text: str, filters: query.Filters, area: Area | None) -> str:
    pairs = {
        "q": text,
        "kind": filters.kind,
        "year": str(filters.year or ""),
        "status": filters.status,
        "area": area.code if area else "",
    }
    return "/search?" + urlencode({k: v for k, v in pairs.items() if v}) + "&"
