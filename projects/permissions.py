"""Who may do what with processes and proposals. Checked on the server in every endpoint."""

from __future__ import annotations

from core.models import Area, Role
from core.principal import Principal
from projects.models import Proposal, ProposalStatus
from residents.eligibility import verified_path


async def lives_in(user: Principal, area: Area) -> bool:
    """One of the area's residents: verified against a roster entry within the area (居民名册).
    The home area picked at registration alone does not count."""
    path = await verified_path(user.id)
    return path is not None and path.startswith(area.path)


async def may_propose_for(user: Principal, village: Area) -> bool:
    """Residents for their own village; officials on behalf of villages they govern."""
    if user.governs(village.path):
        return True
    return user.has(Role.RESIDENT) and await lives_in(user, village)


async def may_support(user: Principal, process_area: Area) -> bool:
    return user.has(Role.RESIDENT) and await lives_in(user, process_area)


def is_author(user: Principal | None, proposal: Proposal) -> bool:
    return user is not None and proposal.author_id == user.id


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
