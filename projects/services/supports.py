"""附议: residents back proposals while collecting; one per person, counted exactly."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from projects import rules
from projects.models import Process, Proposal, ProposalStatus, Support


class SupportRuleError(Refused):
    """The message says why."""


async def support_add(actor: Principal, proposal: Proposal, process: Process) -> bool:
    """True if this added a support; False if the person had already supported it."""
    if not rules.accepts_supports(process):
        raise SupportRuleError(_("只有征集阶段可以附议"))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise SupportRuleError(_("只能附议已提交的提案"))
    if proposal.author_id == actor.id:
        # 附议 is others backing a proposal; the proposer counting themselves is no signal.
        raise SupportRuleError(_("不能附议自己的提案"))
    try:
        async with in_transaction():
            await Support.create(proposal=proposal, user_id=actor.id)
            await Proposal.filter(id=proposal.id).update(support_count=F("support_count") + 1)
    except IntegrityError:  # the unique constraint: a second support by the same person
        return False
    return True


async def support_remove(actor: Principal, proposal: Proposal, process: Process) -> None:
    if not rules.accepts_supports(process):
        raise SupportRuleError(_("只有征集阶段可以取消附议"))
    async with in_transaction():
        removed = await Support.filter(proposal=proposal, user_id=actor.id).delete()
        if removed:
            await Proposal.filter(id=proposal.id).update(support_count=F("support_count") - 1)
