"""The dashboard pages (public and staff) and the annual report's XLSX."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core import exports
from core.clock import today
from core.i18n import gettext as _
from core.models import Area, Role
from core.permissions import current_user, requires
from core.principal import Principal
from core.templating import render
from insight import charts, labels
from insight.dashboard import Dashboard, build
from insight.figures import years
from insight.report import workbook

AREA_CODE = re.compile(r"\d{12}")


async def scope_of(request: Request) -> Area:
    """The area asked for (the district when none): an unknown one is a 404."""
    code = request.query_params.get("area", "")
    if code and not AREA_CODE.fullmatch(code):
        raise HTTPException(404, _("没有这个区域"))
    area = await (Area.get_or_none(code=code) if code else Area.filter(parent_id=None).first())
    if area is None:
        raise HTTPException(404, _("没有这个区域"))
    return area


async def year_of(request: Request) -> tuple[int, list[int]]:
    """The year asked for, else the latest with data; a mistyped one falls back too."""
    known = await years()
    raw = request.query_params.get("year", "")
    if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), known
    return (known[0] if known else today().year), known


def _context(board: Dashboard, known: list[int], staff: bool) -> dict[str, object]:
    return {
        "board": board,
        "years": known,
        "staff": staff,
        "labels": labels,
        "base": "/desk/dashboard" if staff else "/dashboard",
        **charts.charts(board),
    }


async def dashboard_page(request: Request) -> Response:
    scope = await scope_of(request)
    year, known = await year_of(request)
    board = await build(scope, year)
    return render(request, "insight/dashboard.html", _context(board, known, False))


def may_see(user: Principal, area: Area) -> bool:
    """Staff see their own areas' staff view; finance and admins see every area's."""
    return user.has(Role.FINANCE, Role.ADMIN) or user.governs(area.path)


async def _own_area(user: Principal) -> Area | None:
    """An official's first area: where the staff view opens when no area is asked for."""
    if user.has(Role.FINANCE, Role.ADMIN) or not user.official_paths:
        return None
    return await Area.get_or_none(path=sorted(user.official_paths)[0])


@requires(Role.OFFICIAL, Role.FINANCE)
async def staff_dashboard(request: Request) -> Response:
    user = current_user(request)
    own = None if request.query_params.get("area") else await _own_area(user)
    scope = own or await scope_of(request)
    if not may_see(user, scope):
        raise HTTPException(403, _("只能查看本人负责区域的工作视图"))
    year, known = await year_of(request)
    board = await build(scope, year, staff=True)
    return render(request, "insight/dashboard.html", _context(board, known, True))


async def dashboard_xlsx(request: Request) -> Response:
    scope = await scope_of(request)
    year, _known = await year_of(request)
    board = await build(scope, year)
    filename = _("{area}{year}年度数据看板.xlsx").format(area=scope.name, year=year)
    return exports.download(workbook(board), filename)
