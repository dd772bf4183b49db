"""Objection writes: file one, answer one. Both audited; answers are public."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from accountability.objections import notices, rules
from accountability.objections.models import Objection, Outcome
from core import audit, clock
from core.clock import today
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.uploads import StoredFile
from projects.models import Process, Proposal
from projects.publicity import window_of
from residents.eligibility import verified_entry

ANSWER_FIELDS = ["answer", "outcome", "answered_at"]


class ObjectionRefused(Refused):
    """Refused by the publicity rules; the message says why."""


@dataclass(frozen=True)
class ObjectionDraft:
    reason: str
    proposal: Proposal | None
    file: StoredFile | None = None


async def may_object(user: Principal, process: Process) -> bool:
    """Verified residents of the process's area: the people the award list is about."""
    entry = await verified_entry(user.id)
    return entry is not None and entry.area.path.startswith(process.area.path)


async def refusal_now(process: Process) -> str | None:
    return rules.filing_refusal(process, await window_of(process), today())


async def filing_refusal(actor: Principal, process: Process) -> str | None:
    """Why `actor` may not file now (the window, then who), or None. Asked before an
    attachment is stored, and again inside the filing's transaction."""
    refusal = await refusal_now(process)
    if refusal:
        return refusal
    if not await may_object(actor, process):
        return _("只有本批次范围内已核验的居民可以提出异议")
    return None


async def objection_file(actor: Principal, process: Process, draft: ObjectionDraft) -> Objection:
    async with in_transaction():
        refusal = await filing_refusal(actor, process)
        if refusal:
            raise ObjectionRefused(refusal)
        entry = await verified_entry(actor.id)
        f = draft.file
        objection = await Objection.create(
            process=process,
            proposal=draft.proposal,
            author_id=actor.id,
            author_area=entry.area if entry else None,
            reason=draft.reason,
            file_kind=f.kind if f else "",
            stored_name=f.stored_name if f else "",
            original_name=f.original_name if f else "",
            content_type=f.content_type if f else "",
        )
        about = draft.proposal.title if draft.proposal else _("奖补名单")
        await audit.record(
            actor,
            "objection.file",
            ("objection", objection.id),
            f"对「{about}」提出异议",
            after={"reason": draft.reason},
        )
    return objection


async def objection_answer(
    actor: Principal, objection: Objection, answer: str, outcome: Outcome
) -> None:
    """Answer (or correct the answer to) an objection with its outcome (成立 / 部分成立 /
    不成立); the public sees the latest answer."""
    async with in_transaction():
        locked = await Objection.select_for_update().get(id=objection.id)
        before = audit.snapshot(locked, ANSWER_FIELDS)
        locked.answer = answer
        locked.outcome = outcome
        locked.answered_at = clock.now()
        locked.answered_by_id = actor.id
        await locked.save(update_fields=["answer", "outcome", "answered_at", "answered_by_id"])
        await audit.record(
            actor,
            "objection.answer",
            ("objection", locked.id),
            f"答复异议 #{locked.id}",
            before=before,
            after=audit.snapshot(locked, ANSWER_FIELDS),
        )
        await notices.objection_answered(locked, await Process.get(id=locked.process_id))


async def open_count(process: Process) -> int:
    return await Objection.filter(process=process, answered_at__isnull=True).count()


async def funding_refusal(process: Process) -> str | None:
    """Checked by the phase change publicity → funded, inside its transaction."""
    return rules.funding_refusal(await window_of(process), await open_count(process), today())
