"""Proposal writes by their authors: save a draft, submit, withdraw, attach files."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tortoise.transactions import in_transaction

from core import audit, clock
from core.i18n import gettext as _
from core.principal import Principal
from core.refusals import Refused
from core.search import index as search_index
from core.uploads import StoredFile, file_record
from projects import rules
from projects.models import Attachment, Category, Process, Proposal, ProposalStatus

MAX_ATTACHMENTS = 12


class ProposalRuleError(Refused):
    """Refused by the proposal rules; the message says why, next to `field`."""

    default_field = "title"


@dataclass(frozen=True)
class ProposalFields:
    """What a resident writes: the project in their own words and what it may cost.

    The 一事一议 figures (the split of the money, the village-meeting record) are the
    cadre's to add at review (`projects.services.review.YishiFigures`)."""

    area_id: int
    title: str
    summary: str
    body: str
    category: Category
    location: str
    total_cost_fen: int


def _editable(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT


async def proposal_create(
    author: Principal,
    process: Process,
    fields: ProposalFields,
    *,
    on_behalf: bool,
    clerk: Principal | None = None,
) -> Proposal:
    """The one way a proposal is made. `author` owns it; `clerk`, when given, is the official
    who wrote it down for the author at the desk (代办), audited under both names."""
    if not rules.accepts_proposals(process):
        raise ProposalRuleError(_("本批次当前不在征集阶段，不能提交新提案"))
    async with in_transaction():
        proposal = await Proposal.create(
            process=process, author_id=author.id, on_behalf_of_village=on_behalf, **asdict(fields)
        )
        if clerk is not None:
            await audit.record(
                clerk,
                "proposal.create",
                ("proposal", proposal.id),
                f"代居民 {author.name} 填写提案 {proposal.title}",
            )
        elif on_behalf:
            await audit.record(
                author,
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
    """Draft → submitted. The caller has validated completeness (the meeting record is
    checked at review)."""
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
        await Attachment.bulk_create([file_record(Attachment, f, proposal=proposal) for f in files])


async def attachment_remove(proposal: Proposal, attachment_id: int) -> None:
    if not _editable(proposal):
        raise ProposalRuleError(_("提案已提交，不能再修改附件"))
    await Attachment.filter(proposal=proposal, id=attachment_id).delete()
