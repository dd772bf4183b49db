"""Words for the milestone kinds, shown on the pages (translated when rendered)."""

from accountability.implementation.models import MilestoneKind
from core.i18n import N_

MILESTONE_KINDS = {
    MilestoneKind.START: N_("开工"),
    MilestoneKind.PROGRESS: N_("进度"),
    MilestoneKind.COMPLETE: N_("完工"),
    MilestoneKind.ACCEPT: N_("验收"),
}
