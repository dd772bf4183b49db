"""Demo: the 一事一议 round's voting closes and it is tallied, so the results page, the award
list and its downloads show real content straight after ``yishi demo``."""

from __future__ import annotations

from projects.models import Phase, PhaseLog, Process
from votes import notices
from votes.results.services import tally_run
from votes.sealing import demo as sealing_demo


async def load() -> list[str]:
    lines = []
    for process in await Process.filter(phase=Phase.VOTING, tally_rule="yishi"):
        process.phase = Phase.TALLYING
        await process.save(update_fields=["phase"])
        await PhaseLog.create(process=process, phase=Phase.TALLYING)
        await sealing_demo.open_for_demo(process)  # the committee, played by the demo
        snapshots = await tally_run(None, process)
        process.phase = Phase.PUBLICITY
        await process.save(update_fields=["phase"])
        await PhaseLog.create(process=process, phase=Phase.PUBLICITY)
        await notices.results_published(None, process)  # as entering 公示 tells the area
        funded = sum(len(s.result["selected"]) for s in snapshots)
        lines.append(
            f"计票：{process.name} 已截止并计票，{funded} 个项目获得奖补，"
            f"见 /processes/{process.id}/results"
        )
    return lines
