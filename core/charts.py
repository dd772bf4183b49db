"""Server-rendered SVG charts (consultation summaries, results): no script, no inline style.

Sized for a phone first: the viewBox is about a phone's width, so text stays readable
when the SVG scales to the column. Labels are escaped; colours are presentation attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from core.formatting import percent

WIDTH = 360
ROW = 42
LABEL_CHARS = 24
TONES = {
    "": "#b3261e",
    "support": "#1a7f37",
    "neutral": "#8a929b",
    "oppose": "#b3261e",
    "adopted": "#1a7f37",
    "partly": "#bf8700",
    "not_adopted": "#8a929b",
    "pending": "#d8dde3",
    "opinions": "#b3261e",
    "responses": "#1a56db",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    tone: str = ""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _svg(height: int, title: str, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def bar_chart(bars: Sequence[Bar], *, title: str, total: int | None = None) -> Markup:
    """Horizontal bars, the label above each, count and share after it.

    Shares are of `total` when given (for multiple choice: of the people who answered,
    since one person picks several), else of the bars' sum.
    """
    total = sum(bar.value for bar in bars) if total is None else total
    biggest = max((bar.value for bar in bars), default=0) or 1
    track = WIDTH - 90
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW
        width = round(track * bar.value / biggest) if bar.value else 0
        share = percent(bar.value, total) if total else "0%"
        rows.append(
            f"<g><title>{escape(bar.label)}：{bar.value}</title>"
            f'<text x="0" y="{y + 14}" font-size="13" fill="#1f2328">{escape(_short(bar.label))}'
            f'</text><rect x="0" y="{y + 20}" width="{track}" height="14" rx="3" fill="#f0f2f5"/>'
            f'<rect x="0" y="{y + 20}" width="{width}" height="14" rx="3" '
            f'fill="{TONES.get(bar.tone, TONES[""])}"/>'
            f'<text x="{track + 6}" y="{y + 32}" font-size="12" fill="#5d646d">'
            f"{bar.value} · {share}</text></g>"
        )
    return _svg(max(ROW * len(bars), ROW), title, "".join(rows))


@dataclass(frozen=True)
class Series:
    name: str
    tone: str
    values: Sequence[int]


def timeline_chart(days: Sequence[dt.date], series: Sequence[Series], *, title: str) -> Markup:
    """Stacked daily columns (e.g. opinions and questionnaire answers per day)."""
    top, plot_height, left = 26, 110, 28
    height = top + plot_height + 22
    totals = [sum(s.values[i] for s in series) for i in range(len(days))]
    peak = max(totals, default=0) or 1
    step = (WIDTH - left) / max(len(days), 1)
    parts = [_legend(series), _axis(left, top, plot_height, peak)]
    for i in range(len(days)):
        base: float = top + plot_height
        for s in series:
            h = plot_height * s.values[i] / peak
            if h:
                parts.append(
                    f'<rect x="{left + i * step + step * 0.15:.1f}" y="{base - h:.1f}" '
                    f'width="{max(step * 0.7, 1):.1f}" height="{h:.1f}" fill="{TONES[s.tone]}">'
                    f"<title>{days[i].isoformat()} {escape(s.name)}：{s.values[i]}</title></rect>"
                )
                base -= h
    if days:
        y = top + plot_height + 16
        parts.append(
            f'<text x="{left}" y="{y}" font-size="11" fill="#5d646d">'
            f"{days[0].month}/{days[0].day}</text>"
        )
        parts.append(
            f'<text x="{WIDTH}" y="{y}" font-size="11" fill="#5d646d" '
            f'text-anchor="end">{days[-1].month}/{days[-1].day}</text>'
        )
    return _svg(height, title, "".join(parts))


def _legend(series: Sequence[Series]) -> str:
    items, x = [], 0
    for s in series:
        items.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{TONES[s.tone]}"/>'
            f'<text x="{x + 16}" y="15" font-size="12" fill="#1f2328">'
            f"{escape(s.name)}</text>"
        )
        x += 24 + 13 * len(s.name)
    return "".join(items)


def _axis(left: int, top: int, plot_height: int, peak: int) -> str:
    bottom = top + plot_height
    return (
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="#d8dde3"/>'
        f'<text x="{left - 4}" y="{top + 10}" font-size="11" fill="#5d646d" '
        f'text-anchor="end">{peak}</text>'
        f'<text x="{left - 4}" y="{bottom}" font-size="11" fill="#5d646d" '
        f'text-anchor="end">0</text>'
    )
