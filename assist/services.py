"""Acts done for a resident (代办), each in one transaction with its audit entry (actor: the
official; on behalf of: the resident), its row in the resident's record and, when the
resident can be reached by phone, a notice to them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from assist import permissions
from assist.models import ActKind, AssistAct, AssistedContact, PhoneOwner
from core import audit, clock
from core.accounts import privacy
from core.accounts.models import ConsentPurpose
from core.forms import MOBILE_RE
from core.i18n import N_
from core.i18n import gettext as _
from core.models import Area, Role, RoleGrant, User
from core.principal import Principal, load_principal
from core.refusals import Forbidden, Refused
from letters.services import LetterDraft, letter_write
from notify.kinds import Kind
from notify.services import Note, notify
from projects.models import Process, Proposal
from projects.services.proposals import ProposalFields, proposal_create, proposal_submit
from residents import verification
from residents.models import RosterEntry

# What the official reads aloud before the ID number is used (个人信息保护法 arts. 14, 29).
CONSENT_TEXT = N_(
    "我们将为您开通议事平台账户。您的姓名、手机号（如有）和所在村/社区将用于参与本村议事；"
    "您的身份证号只用于核对居民名册，系统只保存其加密摘要，不保存号码本身。"
    "以后由工作人员为您代办的每一件事，都会记录办理人的姓名，您可以随时查询，"
    "也可以要求删除您的账户。您同意吗？"
)
REASON_MAX = 200


class AssistRefused(Refused):
    """An act for a resident that cannot go through; the message says why."""

    default_field = "form"


@dataclass(frozen=True)
class Newcomer:
    """A resident registered at the desk (代为注册)."""

    name: str
    mobile: str  # "" when they have no phone
    phone_owner: PhoneOwner
    relation: str  # whose phone, when a family member's
    id_number: str
    area: Area
    reason: str


def reachable(user: User | Principal) -> bool:
    """Has a real phone number (a desk-registered resident without one carries a placeholder)."""
    return bool(MOBILE_RE.fullmatch(user.mobile))


def _placeholder_mobile() -> str:
    """Not a phone number (no mobile starts with 0): nobody can sign in with it or be sent
    an SMS, yet the account table's unique number column is satisfied."""
    return "0" + "".join(secrets.choice("0123456789") for _ in range(10))


async def _record(
    official: Principal,
    resident: User,
    area: Area,
    kind: ActKind,
    what: str,
    reason: str,
    subject: tuple[str, object] | None = None,
) -> AssistAct:
    """The act under both names: its row, its audit entry and the resident's notice."""
    summary = _("由 {official} 代办：{what}").format(official=official.name, what=what)
    subject_type, subject_id = subject if subject else ("user", resident.id)
    act = await AssistAct.create(
        official_id=official.id,
        official_name=official.name,
        resident_id=resident.id,
        area_id=area.id,
        kind=kind,
        reason=reason,
        summary=summary,
        subject_type=subject_type,
        subject_id=str(subject_id),
    )
    await audit.record(
        official,
        f"assist.{kind.value}",
        (subject_type, subject_id),
        f"{summary}（居民 {resident.name}）",
        after={
            "on_behalf_of": resident.id,
            "resident": resident.name,
            "area": area.code,
            "reason": reason,
        },
    )
    if reachable(resident):
        note = Note(Kind.ACCOUNT, summary, _("办理原因：{reason}").format(reason=reason), "/me")
        await notify([resident.id], note)
    return act


async def _new_account(newcomer: Newcomer) -> User:
    mobile = newcomer.mobile
    if mobile and await User.exists(mobile=mobile):
        raise AssistRefused(
            _("这个手机号已经注册过账户。如是家属自己的账户号码，请不填手机号"), "mobile"
        )
    for _attempt in range(5):
        try:
            user = await User.create(
                name=newcomer.name,
                mobile=mobile or _placeholder_mobile(),
                password_hash="",  # no password: cannot sign in until they set one up
                home_area=newcomer.area,
                # The number was confirmed with the person (or their family) at the desk.
                mobile_verified_at=clock.now() if mobile else None,
            )
        except IntegrityError:
            if mobile:
                raise AssistRefused(_("这个手机号已经注册过账户"), "mobile") from None
            continue  # a placeholder collided: draw another
        await RoleGrant.create(user=user, role=Role.RESIDENT)
        return user
    raise AssistRefused(_("暂时无法开通账户，请稍后再试"))  # pragma: no cover


async def resident_register(official: Principal, newcomer: Newcomer) -> User:
    """代为注册: open an account, record the consent read aloud, verify against the roster.

    All or nothing: an ID number not on the roster leaves no account behind.
    """
    if not permissions.may_assist(official, newcomer.area):
        raise Forbidden(_("只能为您负责的村/社区的居民代办"))
    async with in_transaction():
        user = await _new_account(newcomer)
        for purpose in (ConsentPurpose.PRIVACY_POLICY, ConsentPurpose.ID_VERIFICATION):
            await privacy.consent_give(user_id=user.id, purpose=purpose)
        await AssistedContact.create(
            resident=user, phone_owner=newcomer.phone_owner, relation=newcomer.relation
        )
        try:
            await verification.verify_in_person(official, user, newcomer.area, newcomer.id_number)
        except verification.VerificationRefused as exc:
            raise AssistRefused(str(exc), "id_number") from exc
        area, reason = newcomer.area, newcomer.reason
        what = _("宣读《隐私政策》（{version}）并取得本人同意").format(
            version=privacy.POLICY_VERSION
        )
        await _record(official, user, area, ActKind.CONSENT, what, reason)
        what = _("注册账户并现场核验为{area}居民").format(area=area.name)
        await _record(official, user, area, ActKind.REGISTER, what, reason)
    return user


async def _author(official: Principal, resident: User) -> tuple[Principal, Area]:
    home = await Area.get_or_none(id=resident.home_area_id)
    if not permissions.may_assist(official, home):
        raise Forbidden(_("只能为您负责的村/社区的居民代办"))
    author = await load_principal(resident.id, ip=official.ip)
    if author is None or home is None:
        raise AssistRefused(_("该居民的账户已停用"))
    if not await RosterEntry.exists(user_id=resident.id):
        # Only verified residents propose and write: acting for them grants nothing more.
        raise AssistRefused(_("该居民尚未核验，请先到“现场核验”核对身份证"))
    return author, home


async def proposal_write_for(
    official: Principal, resident: User, process: Process, fields: ProposalFields, reason: str
) -> Proposal:
    """代写提案: the resident is the author, the official is recorded as the one who wrote it."""
    author, home = await _author(official, resident)
    async with in_transaction():
        proposal = await proposal_create(author, process, fields, on_behalf=False)
        await proposal_submit(author, proposal, process)
        what = _("代写并提交提案「{title}」").format(title=proposal.title)
        subject = ("proposal", proposal.id)
        await _record(official, resident, home, ActKind.PROPOSAL, what, reason, subject)
    return proposal


async def letter_write_for(
    official: Principal, resident: User, draft: LetterDraft, reason: str
) -> int:
    """代写来信 to the resident's own village or community; the resident is the writer."""
    author, home = await _author(official, resident)
    async with in_transaction():
        letter = await letter_write(author, draft)
        what = _("代写来信「{subject}」").format(subject=draft.subject)
        await _record(official, resident, home, ActKind.LETTER, what, reason, ("letter", letter.id))
    return letter.id
