"""Words for the enums, marked for translation and translated where shown."""

from __future__ import annotations

from core.i18n import N_
from projects.meeting import MeetingKind
from projects.models import Category, Feasibility, Phase, ProposalStatus, TallyRule, VotingMethod

PHASES = {
    Phase.DRAFT: N_("筹备"),
    Phase.COLLECTING: N_("征集"),
    Phase.REVIEWING: N_("审核"),
    Phase.VOTING: N_("投票"),
    Phase.TALLYING: N_("计票"),
    Phase.PUBLICITY: N_("公示"),
    Phase.FUNDED: N_("立项"),
    Phase.IMPLEMENTING: N_("实施"),
    Phase.CLOSED: N_("验收"),
}
CATEGORIES = {
    Category.ROAD: N_("道路"),
    Category.WATER: N_("饮水"),
    Category.LIGHTING: N_("照明"),
    Category.SANITATION: N_("环卫"),
    Category.CULTURE: N_("文体"),
    Category.ELDERLY: N_("养老"),
    Category.EDUCATION: N_("教育"),
    Category.OTHER: N_("其他"),
}
STATUSES = {
    ProposalStatus.DRAFT: N_("草稿"),
    ProposalStatus.SUBMITTED: N_("待审核"),
    ProposalStatus.ACCEPTED: N_("已入选投票"),
    ProposalStatus.REJECTED: N_("未通过审核"),
    ProposalStatus.WITHDRAWN: N_("已撤回"),
    ProposalStatus.FUNDED: N_("已立项"),
    ProposalStatus.NOT_FUNDED: N_("未获资助"),
    ProposalStatus.IMPLEMENTING: N_("实施中"),
    ProposalStatus.COMPLETED: N_("已完工"),
}
# One word per state, everywhere: a funded proposal is only 拟立项 while the award list is
# counted or in 公示 (objections may still change it); 已立项 once the process is funded.
PROVISIONAL = N_("拟立项")
PROVISIONAL_PHASES = (Phase.TALLYING, Phase.PUBLICITY)


def status_word(status: ProposalStatus, phase: Phase) -> str:
    """The message id for a proposal's state as the public reads it in this phase."""
    if status == ProposalStatus.FUNDED and phase in PROVISIONAL_PHASES:
        return PROVISIONAL
    return STATUSES[status]


METHODS = {
    VotingMethod.APPROVAL: N_("赞成投票（选若干项）"),
    VotingMethod.KNAPSACK: N_("预算内选择（所选项目总额不超过预算）"),
    VotingMethod.CUMULATIVE: N_("积分投票（分配点数）"),
    VotingMethod.RANKED: N_("排序投票"),
    VotingMethod.CHOOSE_ONE: N_("单选"),
}
RULES = {
    TallyRule.GREEDY: N_("按票数排序，放不下的跳过"),
    TallyRule.GREEDY_NO_SKIP: N_("按票数排序，遇到放不下的即停止"),
    TallyRule.GREEDY_THRESHOLD: N_("达到票数门槛的项目按票数排序"),
    TallyRule.EQUAL_SHARES: N_("等份额法（每位投票人平分预算）"),
    TallyRule.EQUAL_SHARES_ADD1: N_("等份额法（含补足）"),
    TallyRule.YISHI: N_("一事一议：须有有效村民会议决议，按票数排序"),
}
RULE_EXPLAINED = {
    TallyRule.GREEDY: N_(
        "得票最多的项目最先获得资金，依次往下；预算剩余不够某个项目时跳过它，继续看下一个。"
    ),
    TallyRule.GREEDY_NO_SKIP: N_(
        "得票最多的项目最先获得资金，依次往下；第一个放不下的项目出现时即停止。"
    ),
    TallyRule.GREEDY_THRESHOLD: N_(
        "只有票数达到门槛的项目才有资格；合格项目按票数从高到低获得资金，放不下的跳过。"
    ),
    TallyRule.EQUAL_SHARES: N_(
        "预算平均分给每位投票人，每个项目由支持它的人共同出资；谁的支持最“划算”谁先入选，使各村各群体都能分到份额。"
    ),
    TallyRule.EQUAL_SHARES_ADD1: N_(
        "按等份额法选出项目后，若仍有余款，逐步提高每人的份额再算，最后按票数补足。"
    ),
    TallyRule.YISHI: N_(
        "项目须经村民会议依法表决通过（到会人数与赞成人数均达法定要求），再按得票从高到低安排奖补资金；奖补额为申请额、单项上限与核定投资乘以奖补比例中的最小者。"
    ),
}
FEASIBILITY = {
    Feasibility.FEASIBLE: N_("可行"),
    Feasibility.CONDITIONAL: N_("有条件可行"),
    Feasibility.INFEASIBLE: N_("不可行"),
}
MEETING_KINDS = {
    MeetingKind.VILLAGERS: N_("村民会议（十八周岁以上村民）"),
    MeetingKind.HOUSEHOLDS: N_("户代表会议"),
}
