"""What the results and award-list pages show, read from the stored snapshots."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from markupsafe import Markup

from core.charts import Bar, bar_chart
from core.i18n import gettext as _
from core.models import Area
from projects.labels import CATEGORIES
from projects.models import Process
from votes.models import Award, BallotBox, TallySnapshot
from votes.results.services import latest_snapshots
from votes.results.turnout import turnouts


@dataclass
class BoxResult:
    box: BallotBox
    area: Area
    snapshot: TallySnapshot
    funded: list[dict[str, Any]]
    others: list[dict[str, Any]]
    charts: dict[str, Markup] = field(default_factory=dict)
    turnout: list[tuple[str, int, int]] = field(default_factory=list)  # village, voted, roster

    @property
    def result(self) -> dict[str, Any]:
        return cast(dict[str, Any], self.snapshot.result)

    @property
    def spent_share(self) -> int:
        budget = self.result["budget"] or 1
        return min(100, round(100 * self.result["spent"] / budget))


def _charts(result: dict[str, Any], rows: list[tuple[str, int, int]]) -> dict[str, Markup]:
    projects = sorted(result["projects"], key=lambda p: -p["votes"])
    votes = bar_chart(
        [
            Bar(p["title"], p["votes"], "adopted" if p["selected"] else "not_adopted")
            for p in projects
        ],
        title=_("各项目得票"),
    )
    spend: Counter[str] = Counter()
    for p in result["projects"]:
        if p["selected"]:
            spend[p["category"]] += p["subsidy"] if p["subsidy"] is not None else p["cost"]
    by_category = bar_chart(
        [
            Bar(_(CATEGORIES[c]) if c in CATEGORIES else c, fen // 100)  # type: ignore[index]
            for c, fen in spend.most_common()
        ],
        title=_("各类别资金（元）"),
    )
    charts = {"votes": votes, "categories": by_category}
    if rows:
        charts["turnout"] = bar_chart(
            [
                Bar(f"{name}（{voted}/{roster}）", voted, "responses")
                for name, voted, roster in rows
            ],
            title=_("各村/社区投票人数"),
            total=sum(r for _n, _v, r in rows),
        )
    return charts


def _in_order_chosen(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The funded projects in the order the rule chose them: each line's "入选后剩余" (money
    left after it) then falls down the list, as the reader expects."""
    order = {project_id: n for n, project_id in enumerate(result["selected"])}
    return sorted(
        (p for p in result["projects"] if p["selected"]),
        key=lambda p: order.get(p["project_id"], len(order)),
    )


async def box_results(process: Process) -> list[BoxResult]:
    snapshots = await latest_snapshots(process)
    boxes = {
        box.id: box
        for box in await BallotBox.filter(id__in=[s.box_id for s in snapshots]).select_related(
            "area"
        )
    }
    # Tallies store the turnout at the close of voting; only older snapshots count it here.
    counted = await turnouts(
        [(boxes[s.box_id], boxes[s.box_id].area) for s in snapshots if "turnout" not in s.result]
    )
    found = []
    for snapshot in snapshots:
        box = boxes[snapshot.box_id]
        area = box.area
        result = cast(dict[str, Any], snapshot.result)
        projects = result["projects"]
        rows = (
            [(name, voted, roster) for name, voted, roster in result["turnout"]]
            if "turnout" in result
            else counted[box.id]
        )
        found.append(
            BoxResult(
                box=box,
                area=area,
                snapshot=snapshot,
                funded=_in_order_chosen(result),
                others=sorted(
                    (p for p in projects if not p["selected"]), key=lambda p: -p["votes"]
                ),
                charts=_charts(result, rows),
                turnout=rows,
            )
        )
    return found


async def awards_of(process: Process) -> list[Award]:
    """The award list in 公示 order: township (街道/镇), then village, then votes."""
    awards = await Award.filter(proposal__process=process).select_related(
        "proposal", "proposal__area", "proposal__area__parent"
    )
    return sorted(awards, key=lambda a: (a.proposal.area.path, -a.votes, a.proposal.id))
