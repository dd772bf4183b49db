"""Who may do what with processes and proposals. Checked on the server in every endpoint."""

from __future__ import annotations

from core.models import Area, Role
from core.principal import Principal
from projects.models import Proposal, ProposalStatus

# Until rosters land (the voting issue), a resident counts as one of an area's residents
# by the home area they registered with. Tighten here, in one place, to roster-verified.


async def lives_in(user: Principal, area: Area) -> bool:
    if user.home_area_id is None:
        return False
    home = await Area.get_or_none(id=user.home_area_id)
    return home is not None and home.path.startswith(area.path)


async def may_propose_for(user: Principal, village: Area) -> bool:
    """Residents for their own village; officials on behalf of villages they govern."""
    if user.governs(village.path):
        return True
    return user.has(Role.RESIDENT) and user.home_area_id == village.id


async def may_support(user: Principal, process_area: Area) -> bool:
    return user.has(Role.RESIDENT) and await lives_in(user, process_area)


def is_author(user: Principal | None, proposal: Proposal) -> bool:
    return user is not None and proposal.author_id == user.id  # type: ignore[attr-defined]


def may_see(user: Principal | None, proposal: Proposal, area_path: str) -> bool:
    """Drafts are private to their author and the officials of the area; the rest is public."""
    if proposal.status != ProposalStatus.DRAFT:
        return True
    return is_author(user, proposal) or (user is not None and user.governs(area_path))


def may_edit(user: Principal | None, proposal: Proposal, area_path: str) -> bool:
    if proposal.status != ProposalStatus.DRAFT or user is None:
        return False
    return is_author(user, proposal) or (proposal.on_behalf_of_village and user.governs(area_path))


def may_review(user: Principal | None, area_path: str) -> bool:
    return user is not None and user.has(Role.OFFICIAL, Role.ADMIN) and user.governs(area_path)
