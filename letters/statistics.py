"""Statistics of the mailbox per 街道 and 村 and per month, for the page, the CSV and the
open-data API (one computation for all three). Counted by ``letters.stats``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.clock import CHINA, china_date, today
from core.models import Area, AreaKind
from letters.models import Letter, LetterStatus
from letters.stats import Figures, Row, figures

TOP_KINDS = (AreaKind.STREET, AreaKind.TOWNSHIP)


@dataclass(frozen=True)
class AreaFigures:
    area: Area
    level: int  # 0: the district, 1: 街道/镇, 2: 村/社区
    figures: Figures


@dataclass(frozen=True)
class MonthFigures:
    month: str  # YYYY-MM
    figures: Figures


@dataclass(frozen=True)
class Report:
    year: int
    month: str  # "" for the whole year
    areas: list[AreaFigures]
    months: list[MonthFigures]


def row_of(letter: Letter, day: dt.date) -> Row:
    overdue = letter.is_overdue(day)
    return Row(
        accepted_on_time=letter.accepted_on_time,
        replied_on_time=letter.replied_on_time,
        reply_working_days=letter.reply_working_days,
        rating=letter.rating.value if letter.rating else None,
        replied=letter.status == LetterStatus.REPLIED,
        open_overdue_accept=overdue and letter.status == LetterStatus.NEW,
        open_overdue_reply=overdue and letter.status == LetterStatus.ACCEPTED,
    )


def _span(year: int, month: str) -> tuple[dt.datetime, dt.datetime]:
    if month:
        first = dt.date.fromisoformat(f"{month}-01")
        following = (first + dt.timedelta(days=32)).replace(day=1)
    else:
        first, following = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=CHINA),
        dt.datetime.combine(following, dt.time(), tzinfo=CHINA),
    )


def area_figures(areas: list[Area], rows: list[tuple[str, Row]]) -> list[AreaFigures]:
    """Each area's figures over the letters to it and below it, from (area path, row)s.

    Rows are bucketed by the letter's own area once; an area then sums the buckets under
    it: areas × distinct areas, not areas × letters (benchmarks/letter_stats.py).
    """
    buckets: dict[str, list[Row]] = {}
    for path, r in rows:
        buckets.setdefault(path, []).append(r)
    return [
        AreaFigures(
            area,
            0 if area.parent_id is None else (1 if area.kind in TOP_KINDS else 2),
            figures(
                r
                for path, bucket in buckets.items()
                if path.startswith(str(area.path))
                for r in bucket
            ),
        )
        for area in areas
    ]


async def report(year: int, month: str = "") -> Report:
    """Letters received in the year (or one of its months), by area and by month."""
    start, end = _span(year, month)
    letters = await Letter.filter(created_at__gte=start, created_at__lt=end).select_related("area")
    day = today()
    rows = [(str(x.area.path), china_date(x.created_at), row_of(x, day)) for x in letters]
    by_area = area_figures(await Area.all().order_by("path"), [(p, r) for p, _d, r in rows])
    months = sorted({d.strftime("%Y-%m") for _path, d, _r in rows})
    by_month = [
        MonthFigures(m, figures(r for _path, d, r in rows if d.strftime("%Y-%m") == m))
        for m in months
    ]
    return Report(year, month, by_area, by_month)
