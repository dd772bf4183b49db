"""The dashboard's SVG charts (``core.charts``), each beside the table of its numbers."""

from __future__ import annotations

from markupsafe import Markup

from core.charts import Bar, bar_chart
from core.i18n import gettext as _
from insight import labels
from insight.dashboard import Dashboard


def _turnout_bars(board: Dashboard) -> list[Bar]:
    """The latest process's published turnout per child area, in whole percent."""
    if not board.participation.turnouts:
        return []
    latest = board.participation.turnouts[-1]
    return [
        Bar(area.name, round(shown.voters * 100 / shown.electors), "responses")
        for area, shown in latest.children
        if shown is not None and shown.electors
    ]


def charts(board: Dashboard) -> dict[str, Markup]:
    asked: dict[str, int] = {}
    funded: dict[str, int] = {}
    for row in board.demand:
        for c, n in row.asked.items():
            asked[c] = asked.get(c, 0) + n
        for c, n in row.funded.items():
            funded[c] = funded.get(c, 0) + n
    return {
        "money_chart": bar_chart(
            [
                Bar(labels.category(c), a // 100, "responses")
                for c, a, _cf, _d in board.money.by_category
            ],
            title=_("各类别奖补（元）"),
        ),
        "asked_chart": bar_chart(
            [Bar(labels.category(c), n, "opinions") for c, n in sorted(asked.items())],
            title=_("各类别提案数（居民所需）"),
        ),
        "funded_chart": bar_chart(
            [Bar(labels.category(c), n, "support") for c, n in sorted(funded.items())],
            title=_("各类别立项数（已资助）"),
        ),
        "turnout_chart": bar_chart(_turnout_bars(board), title=_("各区域投票率（％）"), total=100),
    }
