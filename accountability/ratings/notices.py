"""What residents hear about ratings: the village, when its finished project may be rated
(one statement for everyone, ``notify.bulk``); a rater, when officials answer them."""

from __future__ import annotations

import datetime as dt

from accountability.ratings import rules
from accountability.ratings.models import ProjectRating
from core.formatting import date_cn
from core.i18n import gettext as _
from core.models import Area
from notify.bulk import notify_audience
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language
from projects.models import Process, Proposal
from residents.audience import verified_residents


def rating_link(proposal_id: int) -> str:
    return f"/proposals/{proposal_id}/rating"


async def rating_opened(
    proposal: Proposal, village: Area, process: Process, accepted_on: dt.date
) -> int:
    """Everyone who may rate the project hears that they may, once per project."""
    with stored_language():
        note = Note(
            Kind.RATING_OPENED,
            _("「{title}」已通过验收，请您评价").format(title=proposal.title),
            _(
                "{village}的项目「{title}」已于{date}通过验收。"
                "{last}前，您可以为它打 1–5 分并留下意见。"
            ).format(
                village=village.name,
                title=proposal.title,
                date=date_cn(accepted_on),
                last=date_cn(rules.last_day(accepted_on)),
            ),
            rating_link(proposal.id),
        )
    audience = verified_residents(village.path, min_age=process.min_voter_age)
    return await notify_audience(audience, note, dedupe_key=f"rating-opened:{proposal.id}")


async def rating_answered(rating: ProjectRating, proposal: Proposal) -> int:
    """The rater hears the answer itself (a corrected answer is told again)."""
    if rating.user_id is None:
        return 0
    with stored_language():
        note = Note(
            Kind.RATING_ANSWERED,
            _("您对「{title}」的评价已有官方回复").format(title=proposal.title),
            _("答复：{answer}").format(answer=rating.answer),
            f"{rating_link(proposal.id)}#rating-{rating.id}",
        )
    return await notify([rating.user_id], note)
