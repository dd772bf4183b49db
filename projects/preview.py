"""What a phase change will do, shown before it is done: a phase never goes back, so the
admin confirms on a page that says what happens, how the vote stands (turnout so far, days
left, ballots in the box) and warns of an early close or a low turnout (issue 17 item 8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.clock import today
from core.formatting import date_cn
from core.i18n import N_
from core.i18n import gettext as _
from projects import hooks
from projects.models import Phase, Process
from projects.publicity import window_of

# Below one voter in ten of the roster a result speaks for few: the page warns (a warning,
# not a refusal: a village may have voted at a meeting, on paper entered later, or not
# at all). The README names this threshold.
LOW_TURNOUT = 0.10

ENTERING = {
    Phase.COLLECTING: N_("居民可以提交项目、附议和评论。"),
    Phase.REVIEWING: N_("征集结束：居民不能再提交项目或附议；干部审核已提交的项目。"),
    Phase.VOTING: N_(
        "投票开始：投票规则、预算和区域冻结，不能再修改；生成选举密钥，密钥分片只显示这一次，"
        "请选举委员会成员当场保存；区域内的居民会收到投票通知。"
    ),
    Phase.TALLYING: N_("投票结束：不能再在网上投票，也不能再录入纸质选票；之后可以开箱、计票。"),
    Phase.PUBLICITY: N_("公布计票结果和奖补名单，开始公示期，居民可以提出异议；参与者会收到通知。"),
    Phase.FUNDED: N_("公示结束，不能再提出异议；名单上的项目立项。"),
    Phase.IMPLEMENTING: N_("立项的项目开始实施，登记进度、照片和支出。"),
    Phase.CLOSED: N_("批次结束验收，不再登记进度和支出。"),
}


@dataclass(frozen=True)
class VoteFacts:
    """How a process stands now: the planned end of its phase, and its vote."""

    scheduled_end: dt.date | None  # when the current phase was planned to end
    days_left: int | None  # days after today until that end (0: today is the last day)
    early: bool  # ending now would end the phase before its planned end
    turnout: hooks.Turnout | None  # while voting and tallying
    warnings: list[str] = field(default_factory=list)

    @property
    def turnout_percent(self) -> str | None:
        share = self.turnout.share if self.turnout else None
        return None if share is None else f"{share * 100:.1f}%"

    @property
    def turnout_low(self) -> bool:
        share = self.turnout.share if self.turnout else None
        return share is not None and share < LOW_TURNOUT


@dataclass(frozen=True)
class PhasePreview:
    process: Process
    target: Phase
    happens: str
    facts: VoteFacts


async def scheduled_end(process: Process) -> dt.date | None:
    """The planned last day of the phase the process is in, where it has one."""
    if process.phase == Phase.COLLECTING:
        return process.collecting_end
    if process.phase == Phase.VOTING:
        return process.voting_end
    if process.phase == Phase.PUBLICITY:
        window = await window_of(process)
        return window[1] if window else None
    return None


async def vote_facts(process: Process) -> VoteFacts:
    end = await scheduled_end(process)
    day = today()
    early = end is not None and day <= end
    counting = process.phase in (Phase.VOTING, Phase.TALLYING)
    turnout = await hooks.turnout_of(process) if counting else None
    warnings = [_early_warning(process.phase, end)] if early and end is not None else []
    low = low_turnout_warning(turnout)
    if low:
        warnings.append(low)
    days_left = None if end is None else max(0, (end - day).days)
    return VoteFacts(end, days_left, early, turnout, warnings)


async def phase_preview(process: Process, target: Phase) -> PhasePreview:
    return PhasePreview(process, target, _(ENTERING[target]), await vote_facts(process))


def _early_warning(phase: Phase, end: dt.date) -> str:
    if phase == Phase.PUBLICITY:
        words = _("公示期到 {date} 才结束：现在立项，公示期里还能提出的异议就提不了了。")
    elif phase == Phase.VOTING:
        words = _("投票计划到 {date} 截止：现在结束是提前截止，还没投票的人就投不了了。")
    else:
        words = _("征集计划到 {date} 截止：现在结束是提前截止，还没提交的项目就交不了了。")
    return words.format(date=date_cn(end))


def low_turnout_warning(turnout: hooks.Turnout | None) -> str | None:
    """A warning when fewer than LOW_TURNOUT of the roster voted (None if no roster)."""
    if turnout is None or turnout.share is None or turnout.share >= LOW_TURNOUT:
        return None
    return _(
        "投票率很低：名册上 {roster} 人，只有 {voters} 人投票（低于 {limit}）。"
        "结果只代表很少的人，请确认是否要这样结束。"
    ).format(roster=f"{turnout.roster:,}", voters=f"{turnout.voters:,}", limit=f"{LOW_TURNOUT:.0%}")
