"""Wiring of rules that a lower layer must obey but a higher one owns (``projects.hooks``).

Installed when the app factory is imported, so every app, test and CLI command that builds
the app has them; ``install`` is idempotent.
"""

from __future__ import annotations

from accountability.implementation import queries as implementation_queries
from accountability.implementation import services as implementation_services
from accountability.objections import services as objection_services
from app import digest
from consult import from_letter as topic_from_letter
from core.i18n import N_
from letters import escalation as letter_escalation
from letters import hooks as letter_hooks
from notify import periodic
from projects import electorate, hooks
from projects import from_letter as proposal_from_letter
from projects.models import Phase
from residents import hooks as resident_hooks
from votes import notices as vote_notices
from votes.sealing import keys as sealing_keys


def install() -> None:
    hooks.on_phase(Phase.FUNDED, objection_services.funding_refusal)
    hooks.on_phase(Phase.CLOSED, implementation_services.closing_refusal)
    hooks.on_story(implementation_queries.proposal_story)
    # Voting opens with an election key; its shares are handed to who opened it, once.
    hooks.on_entering(Phase.VOTING, sealing_keys.hand_over_shares)
    resident_hooks.on_roster_change(electorate.roster_change_refusal)
    # Who hears of a phase change hears it in the phase change's transaction.
    hooks.on_entering(Phase.VOTING, vote_notices.vote_opened)
    hooks.on_entering(Phase.PUBLICITY, vote_notices.results_published)
    periodic.every("vote-closing-reminder", "0 * * * *", vote_notices.remind_closing)
    periodic.every("staff-digest", digest.CRON, digest.staff_digest)
    # A letter becomes a proposal draft or a consultation topic; the pages link both ways.
    letter_hooks.on_outcomes(proposal_from_letter.outcomes)
    letter_hooks.on_outcomes(topic_from_letter.outcomes)
    path = "/desk/letters/{letter_id}"
    letter_hooks.offer(letter_hooks.Conversion(N_("转为提案草稿"), f"{path}/proposal", "get"))
    letter_hooks.offer(letter_hooks.Conversion(N_("转为意见征集议题"), f"{path}/topic"))
    # 督办: overdue letters go to the parent area's officials (also computed on every view).
    periodic.every("letters.escalate", "*/30 * * * *", letter_escalation.escalate_overdue)
