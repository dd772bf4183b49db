"""What the filer of an objection hears: the officials' answer."""

from __future__ import annotations

from accountability.objections.labels import OUTCOMES
from accountability.objections.models import Objection
from core.i18n import gettext as _
from notify.kinds import Kind
from notify.services import Note, notify
from notify.wording import stored_language
from projects.models import Process


async def objection_answered(objection: Objection, process: Process) -> int:
    """The filer hears the answer itself (a corrected answer is told again)."""
    with stored_language():
        note = Note(
            Kind.OBJECTION_ANSWERED,
            _("您对「{name}」提出的异议已答复").format(name=process.name),
            _outcome_and_answer(objection),
            f"/processes/{process.id}/objections#objection-{objection.id}",
        )
    return await notify([objection.author_id], note)


def _outcome_and_answer(objection: Objection) -> str:
    if objection.outcome is None:
        return _("答复：{answer}").format(answer=objection.answer)
    return _("处理结果：{outcome}。答复：{answer}").format(
        outcome=_(OUTCOMES[objection.outcome]), answer=objection.answer
    )
