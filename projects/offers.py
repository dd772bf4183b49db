"""What a process or proposal page offers this person: the same permission functions the
endpoints enforce decide, and `residents.why_not` says why not when they refuse."""

from __future__ import annotations

from core.clock import today
from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from projects import permissions, queries, rules
from projects.models import Phase, Process, Proposal, ProposalStatus
from residents.eligibility import is_eligible, verified_entry
from residents.why_not import WhyNot, age_not_reached, why_not


async def proposable_villages(user: Principal, process: Process) -> dict[int, Area]:
    """The villages this person may propose for within the process area (the server's
    check in `authoring.proposal_new`, and the page's "我要提项目")."""
    villages = await queries.villages_in(process.area)
    return {v.id: v for v in villages if await permissions.may_propose_for(user, v)}


async def propose(user: Principal | None, process: Process) -> tuple[bool, WhyNot | None]:
    """(offered, why not). Nothing to say outside collecting: the phase says it."""
    if not rules.accepts_proposals(process):
        return False, None
    if user is not None and await proposable_villages(user, process):
        return True, None
    here = f"/processes/{process.id}"
    return False, await why_not(user, process.area, here, doing=_("提项目"))


async def vote(user: Principal | None, process: Process) -> tuple[bool, WhyNot | None]:
    """The same eligibility the ballot checks (`votes.ballots.endpoints._voter`)."""
    if process.phase != Phase.VOTING:
        return False, None
    if user is not None and await is_eligible(user, process, today()):
        return True, None
    if user is not None and await _lives_in_area(user, process.area):
        return False, age_not_reached(process.min_voter_age)
    return False, await why_not(user, process.area, f"/processes/{process.id}", doing=_("投票"))


async def _lives_in_area(user: Principal, area: Area) -> bool:
    entry = await verified_entry(user.id)
    return entry is not None and str((await entry.area).path).startswith(str(area.path))


async def support(
    user: Principal | None, proposal: Proposal, process: Process
) -> tuple[bool, WhyNot | None]:
    """附议: while the process takes supports, for a submitted proposal (not one's own)."""
    if not rules.accepts_supports(process) or proposal.status != ProposalStatus.SUBMITTED:
        return False, None
    if permissions.is_author(user, proposal):
        return False, None
    if user is not None and await permissions.may_support(user, process.area):
        return True, None
    here = f"/proposals/{proposal.id}"
    return False, await why_not(user, process.area, here, doing=_("附议"))
