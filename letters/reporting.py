"""The public statistics page (table and SVG charts) and its CSV."""

from __future__ import annotations

from decimal import Decimal

from starlette.requests import Request
from starlette.responses import Response

from core.api.tables import csv_download
from core.charts import Bar, bar_chart
from core.clock import today
from core.i18n import gettext as _
from core.templating import render
from letters.queries import month_range
from letters.statistics import Report, report


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def period(request: Request) -> tuple[int, str]:
    """What the page's form sent: a month (YYYY-MM) if one was picked, else a year; the
    form sends empty fields, and a mistyped one falls back to this year."""
    params = request.query_params
    month = params.get("month", "")
    if month_range(month):
        return int(month[:4]), month
    raw = params.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else 0
    return year or today().year, ""


def charts(r: Report) -> dict[str, object]:
    streets = [a for a in r.areas if a.level == 1]
    return {
        "received_chart": bar_chart(
            [Bar(a.area.name, a.figures.received, "responses") for a in streets],
            title=_("各街道/镇来信量"),
        ),
        "satisfaction_chart": bar_chart(
            [
                Bar(a.area.name, int(a.figures.satisfaction or 0), "support")
                for a in streets
                if a.figures.rated
            ],
            title=_("各街道/镇满意率（％）"),
            total=100,
        ),
        "month_chart": bar_chart(
            [Bar(m.month, m.figures.received, "responses") for m in r.months],
            title=_("每月来信量"),
        ),
    }


async def stats_page(request: Request) -> Response:
    year, month = period(request)
    r = await report(year, month)
    context = {"report": r, "pct": _pct, **charts(r)}
    return render(request, "letters/stats.html", context)


async def stats_csv(request: Request) -> Response:
    year, month = period(request)
    r = await report(year, month)
    header = [
        _("区域代码"),
        _("区域"),
        _("来信"),
        _("按时受理率（％）"),
        _("按时办结率（％）"),
        _("平均办理工作日"),
        _("已评价"),
        _("未评价"),
        _("满意率（％）"),
        _("逾期"),
    ]
    rows = [
        [
            a.area.code,
            a.area.name,
            f.received,
            f.accept_rate,
            f.reply_rate,
            f.average_reply_days,
            f.rated,
            f.unrated,
            f.satisfaction,
            f.overdue,
        ]
        for a in r.areas
        for f in [a.figures]
    ]
    return csv_download(f"letters-{month or year}", header, rows)
