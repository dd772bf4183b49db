"""Proposal writes by their authors: save a draft, submit, withdraw, attach files."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from tortoise.transactions import in_transaction

from core import audit, clock
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from core.uploads import StoredFile
from projects import rules
from projects.meeting import MeetingKind
from projects.models import Attachment, Category, Process, Proposal, ProposalStatus

MAX_ATTACHMENTS = 12


class ProposalRuleError(Refused):
    """Refused by the proposal rules; the message says why, next to `field`."""

    default_field = "title"


@dataclass(frozen=True)
class ProposalFields:
    """Everything an author writes; money in integer fen."""

    area_id: int
    title: str
    summary: str
    body: str
    category: Category
    location: str
    total_cost_fen: int
    villager_funds_fen: int
    labour_days: int
    donations_fen: int
    requested_subsidy_fen: int
    beneficiaries_people: int
    beneficiaries_households: int
    meeting_kind: MeetingKind
    meeting_date: dt.date | None
    meeting_eligible: int
    meeting_present: int
    meeting_in_favour: int


def _editable(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT


async def proposal_create(
    actor: Principal, process: Process, fields: ProposalFields, *, on_behalf: bool
) -> Proposal:
    if not rules.accepts_proposals(process):
        raise ProposalRuleError(_("本批次当前不在征集阶段，不能提交新提案"))
    async with in_transaction():
        proposal = await Proposal.create(
            process=process, author_id=actor.id, on_behalf_of_village=on_behalf, **asdict(fields)
        )
        if on_behalf:
            await audit.record(
                actor,
                "proposal.create",
                ("proposal", proposal.id),
                f"代村/社区起草提案 {proposal.title}",
            )
    return proposal


async def proposal_update(actor: Principal, proposal: Proposal, fields: ProposalFields) -> None:
    async with in_transaction():
        locked = await Proposal.select_for_update().get(id=proposal.id)
        if not _editable(locked):
            raise ProposalRuleError(_("提案已提交，不能再修改"))
        locked.update_from_dict(asdict(fields))
        await locked.save()


async def proposal_submit(actor: Principal, proposal: Proposal, process: Process) -> None:
    """Draft → submitted. The caller has validated completeness and the meeting record."""
    if not rules.accepts_proposals(process):
        raise ProposalRuleError(_("本批次当前不在征集阶段，不能提交提案"))
    async with in_transaction():
        locked = await Proposal.select_for_update().get(id=proposal.id)
        if not _editable(locked):
            raise ProposalRuleError(_("提案已经提交过了"))
        locked.status = ProposalStatus.SUBMITTED
        locked.submitted_at = clock.now()
        await locked.save(update_fields=["status", "submitted_at", "updated_at"])
        await search_index.refresh("proposal", locked.id)
        if locked.on_behalf_of_village:
            await audit.record(
                actor, "proposal.submit", ("proposal", locked.id), f"提交提案 {locked.title}"
            )


async def proposal_withdraw(actor: Principal, proposal: Proposal) -> None:
    """The author takes a proposal back, at any time before it stands on the ballot."""
    async with in_transaction():
        locked = await Proposal.select_for_update().get(id=proposal.id)
        if locked.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
            raise ProposalRuleError(_("提案已进入投票或已处理，不能撤回"))
        locked.status = ProposalStatus.WITHDRAWN
        await locked.save(update_fields=["status", "updated_at"])
        await search_index.refresh("proposal", locked.id)


async def proposal_attach(proposal: Proposal, files: list[StoredFile]) -> None:
    async with in_transaction():
        count = await Attachment.filter(proposal=proposal).count()
        if count + len(files) > MAX_ATTACHMENTS:
            raise ProposalRuleError(_("每个提案最多 {n} 个附件").format(n=MAX_ATTACHMENTS), "files")
        await Attachment.bulk_create(
            [
                Attachment(
                    proposal=proposal,
                    kind=f.kind,
                    stored_name=f.stored_name,
                    thumb_name=f.thumb_name,
                    original_name=f.original_name,
                    content_type=f.content_type,
                    size=f.size,
                )
                for f in files
            ]
        )


async def attachment_remove(proposal: Proposal, attachment_id: int) -> None:
    if not _editable(proposal):
        raise ProposalRuleError(_("提案已提交，不能再修改附件"))
    await Attachment.filter(proposal=proposal, id=attachment_id).delete()
