"""Writes of the mailbox, one use case each, in a transaction with its audit entry, its
history event and its notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from core import audit, clock, settings
from core.clock import china_date, today
from core.i18n import gettext as _
from core.models import Area, User
from core.principal import Principal
from core.refusals import Forbidden, Refused
from core.search import index as search_index
from core.uploads import StoredFile, discard, file_record
from letters import calendar, deadlines, similar
from letters.labels import DECLINE_REASONS, RATINGS
from letters.masking import mask_text
from letters.models import (
    EventKind,
    Extension,
    Letter,
    LetterEvent,
    LetterFile,
    LetterKind,
    LetterReply,
    LetterStatus,
    Rating,
)
from letters.permissions import approves_extension, handles, is_writer
from letters.queries import handler_ids, letters_today, recent_texts, supervisor_ids
from notify.kinds import Kind
from notify.services import Note, notify

SUBJECT_MAX = 60
TEXT_MAX = 5000
REASON_MAX = 500


class LetterRefused(Refused):
    """A rule of the mailbox said no; the message says why."""


@dataclass(frozen=True)
class LetterDraft:
    kind: LetterKind
    area: Area
    subject: str
    text: str
    is_public: bool
    show_name: bool
    files: list[StoredFile] = field(default_factory=list)


def letter_link(letter: Letter) -> str:
    return f"/letters/{letter.id}"


async def record_event(
    letter: Letter, kind: EventKind, actor: Principal | None, office: str = "", note: str = ""
) -> None:
    await LetterEvent.create(
        letter=letter, kind=kind, actor_id=actor.id if actor else None, office=office, note=note
    )
    # Every change of a letter is an event, recorded after the change: search follows it.
    await search_index.refresh("letter", letter.id)


async def _tell_writer(letter: Letter, title: str, body: str, key: str) -> None:
    if letter.writer_id is not None:
        note = Note(Kind.LETTER_UPDATE, title, body, letter_link(letter))
        await notify([letter.writer_id], note, dedupe_key=f"letter-{letter.id}-{key}")


async def _tell_handlers(letter: Letter, area: Area, title: str, key: str) -> None:
    note = Note(Kind.LETTER_UPDATE, title, letter.subject, letter_link(letter))
    await notify(await handler_ids(area.path), note, dedupe_key=f"letter-{letter.id}-{key}")


async def writing_refusal(user_id: int) -> str | None:
    """Why this person may not write now (a proven phone, the daily limit), or None."""
    user = await User.get(id=user_id)
    if user.mobile_verified_at is None:
        return _("请先验证手机号码再写信：办理结果要能通过短信告诉您")
    if await letters_today(user_id) >= settings.LETTERS_PER_DAY:
        return _("每人每天最多写 {n} 封信，请明天再写").format(n=settings.LETTERS_PER_DAY)
    return None


async def _similar_to(user_id: int, subject: str, text: str) -> int | None:
    mine = similar.normalised(subject, text)
    for earlier in await recent_texts(user_id):
        if similar.near_identical(mine, similar.normalised(earlier.subject, earlier.text)):
            return earlier.id
    return None


async def letter_write(actor: Principal, draft: LetterDraft) -> Letter:
    """来信: lands in the desk of the officials of the area, with both deadlines."""
    async with in_transaction():
        # One writer's letters one at a time, so the daily limit holds under double clicks.
        await User.select_for_update().get(id=actor.id)
        refusal = await writing_refusal(actor.id)
        if refusal:
            raise LetterRefused(refusal)
        start = today()
        dues = calendar.dues_from(start, draft.kind, await calendar.load_schedule())
        letter = await Letter.create(
            writer_id=actor.id,
            area=draft.area,
            kind=draft.kind,
            subject=draft.subject,
            text=draft.text,
            is_public=draft.is_public,
            show_name=draft.show_name,
            similar_to_id=await _similar_to(actor.id, draft.subject, draft.text),
            received_on=start,
            accept_due=dues.accept,
            reply_due=dues.reply,
            due_provisional=dues.provisional,
        )
        await _keep_files(letter, None, draft.files)
        await record_event(letter, EventKind.WRITTEN, actor, draft.area.name)
        await audit.record(
            actor,
            "letter.write",
            ("letter", letter.id),
            f"来信「{draft.subject}」（{draft.area.name}）",
        )
        await _tell_handlers(letter, draft.area, _("新来信待受理"), "new")
    return letter


async def _keep_files(letter: Letter, reply: LetterReply | None, files: list[StoredFile]) -> None:
    await LetterFile.bulk_create(
        [file_record(LetterFile, f, letter=letter, reply=reply) for f in files]
    )


async def locked_letter(letter: Letter) -> Letter:
    """The letter's row, locked for this transaction, with its area (and that area's parent:
    PostgreSQL locks no row on the nullable side of an outer join, so it comes apart)."""
    locked = await Letter.select_for_update().get(id=letter.id)
    locked.area = await Area.get(id=locked.area_id).select_related("parent")
    return locked


def _require(actor: Principal, letter: Letter, *statuses: LetterStatus) -> None:
    if not handles(actor, letter):
        raise Forbidden()
    if letter.status not in statuses:
        raise LetterRefused(_("这封信已经办理过，请刷新页面"))


async def letter_accept(actor: Principal, letter: Letter) -> None:
    """受理."""
    async with in_transaction():
        locked = await locked_letter(letter)
        _require(actor, locked, LetterStatus.NEW)
        locked.status = LetterStatus.ACCEPTED
        locked.accepted_at = clock.now()
        locked.accepted_on_time = today() <= locked.accept_due
        await locked.save(update_fields=["status", "accepted_at", "accepted_on_time"])
        await record_event(locked, EventKind.ACCEPTED, actor, locked.area.name)
        await audit.record(
            actor,
            "letter.accept",
            ("letter", locked.id),
            f"受理来信 #{locked.id}",
            after={"status": "accepted"},
        )
        await _tell_writer(
            locked,
            _("您的来信已受理"),
            _("{office}已受理您的来信，将在 {day} 前答复。").format(
                office=locked.area.name, day=locked.reply_due.isoformat()
            ),
            "accepted",
        )


async def letter_transfer(actor: Principal, letter: Letter, to: Area, reason: str) -> None:
    """转办: to another area, whose officials get fresh deadlines from today."""
    async with in_transaction():
        locked = await locked_letter(letter)
        _require(actor, locked, LetterStatus.NEW)
        if to.id == locked.area_id:
            raise LetterRefused(_("请选择另一个区域"), "area")
        before = {"area": locked.area.name}
        dues = calendar.dues_from(today(), locked.kind, await calendar.load_schedule())
        locked.area = to
        locked.received_on = today()
        locked.accept_due, locked.reply_due = dues.accept, dues.reply
        locked.due_provisional = dues.provisional
        locked.transfers += 1
        locked.escalated_at = None
        await locked.save()
        await record_event(locked, EventKind.TRANSFERRED, actor, to.name, reason)
        await audit.record(
            actor,
            "letter.transfer",
            ("letter", locked.id),
            f"转办来信 #{locked.id} 至 {to.name}",
            before=before,
            after={"area": to.name, "reason": reason},
        )
        body = _("您的来信已转交{office}办理。理由：{reason}").format(office=to.name, reason=reason)
        await _tell_writer(locked, _("您的来信已转办"), body, f"transfer-{locked.transfers}")
        await _tell_handlers(locked, to, _("转办来信待受理"), f"transfer-{locked.transfers}")


async def letter_decline(actor: Principal, letter: Letter, reason: str, note: str) -> None:
    """不予受理, for one of the listed reasons."""
    if reason not in DECLINE_REASONS:
        raise LetterRefused(_("请选择不予受理的理由"), "reason")
    async with in_transaction():
        locked = await locked_letter(letter)
        _require(actor, locked, LetterStatus.NEW)
        locked.status = LetterStatus.DECLINED
        locked.decline_reason, locked.decline_note = reason, note
        locked.accepted_on_time = today() <= locked.accept_due
        await locked.save(
            update_fields=["status", "decline_reason", "decline_note", "accepted_on_time"]
        )
        words = _(DECLINE_REASONS[reason])
        await record_event(locked, EventKind.DECLINED, actor, locked.area.name, words)
        await audit.record(
            actor,
            "letter.decline",
            ("letter", locked.id),
            f"不予受理来信 #{locked.id}",
            after={"reason": reason, "note": note},
        )
        body = _("{office}对您的来信不予受理。理由：{reason}").format(
            office=locked.area.name, reason=words + (f"（{note}）" if note else "")
        )
        await _tell_writer(locked, _("您的来信不予受理"), body, "declined")


async def extension_request(actor: Principal, letter: Letter, reason: str) -> None:
    """申请延期: once per letter; an official of the parent area decides."""
    async with in_transaction():
        locked = await locked_letter(letter)
        _require(actor, locked, LetterStatus.ACCEPTED)
        if locked.extension != Extension.NONE:
            raise LetterRefused(_("每封信只能申请一次延期"), "reason")
        locked.extension, locked.extension_reason = Extension.REQUESTED, reason
        locked.extension_by_id = actor.id
        await locked.save(update_fields=["extension", "extension_reason", "extension_by_id"])
        await record_event(locked, EventKind.EXTENSION_REQUESTED, actor, locked.area.name, reason)
        await audit.record(
            actor,
            "letter.extension.request",
            ("letter", locked.id),
            f"来信 #{locked.id} 申请延期",
            after={"reason": reason},
        )
        note = Note(Kind.LETTER_UPDATE, _("来信延期申请待审批"), reason, letter_link(locked))
        await notify(
            await supervisor_ids(locked.area.path), note, dedupe_key=f"letter-{locked.id}-ext"
        )


async def extension_decide(actor: Principal, letter: Letter, *, approve: bool) -> None:
    async with in_transaction():
        locked = await locked_letter(letter)
        if not approves_extension(actor, locked):
            raise Forbidden()
        if locked.extension != Extension.REQUESTED:
            raise LetterRefused(_("没有待审批的延期申请"))
        before = {"reply_due": locked.reply_due.isoformat()}
        locked.extension = Extension.APPROVED if approve else Extension.REFUSED
        if approve:
            days = settings.LETTER_EXTENSION_DAYS
            due = deadlines.add_working_days(locked.reply_due, days, await calendar.load_schedule())
            locked.reply_due, locked.extension_days = due.day, days
            locked.due_provisional = locked.due_provisional or due.provisional
            locked.escalated_at = None  # the clock runs against the new deadline
        await locked.save()
        kind = EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REFUSED
        office = locked.area.parent.name if locked.area.parent else ""
        await record_event(locked, kind, actor, office)
        await audit.record(
            actor,
            "letter.extension.approve" if approve else "letter.extension.refuse",
            ("letter", locked.id),
            f"{'批准' if approve else '不批准'}来信 #{locked.id} 延期",
            before=before,
            after={"reply_due": locked.reply_due.isoformat()},
        )
        if approve:
            body = _("办理期限延长至 {day}。理由：{reason}").format(
                day=locked.reply_due.isoformat(), reason=locked.extension_reason
            )
            await _tell_writer(locked, _("您的来信办理期限已延长"), body, "extended")


async def letter_reply(
    actor: Principal, letter: Letter, text: str, files: list[StoredFile]
) -> LetterReply:
    """答复; public with the letter when the writer allowed it."""
    async with in_transaction():
        locked = await locked_letter(letter)
        _require(actor, locked, LetterStatus.ACCEPTED)
        reply = await LetterReply.create(
            letter=locked, text=text, author_id=actor.id, office=locked.area.name
        )
        await _keep_files(locked, reply, files)
        day = today()
        if locked.first_replied_on is None:  # the statistics count the first reply
            locked.first_replied_on = day
            locked.replied_on_time = day <= locked.reply_due
            locked.reply_working_days = deadlines.working_days_between(
                locked.received_on, day, await calendar.load_schedule()
            )
        locked.status, locked.replied_at = LetterStatus.REPLIED, clock.now()
        await locked.save()
        await record_event(locked, EventKind.REPLIED, actor, locked.area.name)
        await audit.record(
            actor,
            "letter.reply",
            ("letter", locked.id),
            f"答复来信 #{locked.id}",
            after={"text": text},
        )
        body = _("{office}已答复您的来信，请在 {n} 天内评价。").format(
            office=locked.area.name, n=settings.LETTER_RATING_DAYS
        )
        await _tell_writer(locked, _("您的来信已答复"), body, f"reply-{reply.id}")
    return reply


def rating_refusal(letter: Letter, day: dt.date) -> str | None:
    if letter.status != LetterStatus.REPLIED or letter.replied_at is None:
        return _("答复后才能评价")
    if letter.rating is not None:
        return _("您已经评价过这次答复")
    if (day - china_date(letter.replied_at)).days > settings.LETTER_RATING_DAYS:
        return _("答复已超过 {n} 天，不能再评价").format(n=settings.LETTER_RATING_DAYS)
    return None


def may_reopen(letter: Letter) -> bool:
    return letter.reopened_at is None


async def letter_rate(actor: Principal, letter: Letter, rating: Rating, reason: str) -> None:
    """满意 / 基本满意 / 不满意; 不满意 with a reason reopens the letter, once."""
    async with in_transaction():
        locked = await locked_letter(letter)
        if not is_writer(actor, locked):
            raise Forbidden()
        refusal = rating_refusal(locked, today())
        if refusal:
            raise LetterRefused(refusal, "rating")
        reopen = rating == Rating.UNSATISFIED and may_reopen(locked)
        if reopen and len(reason) < 5:
            raise LetterRefused(_("请写明不满意的原因（至少 5 个字），以便再次办理"), "reason")
        locked.rating, locked.rating_reason, locked.rated_at = rating, reason, clock.now()
        await record_event(locked, EventKind.RATED, actor, "", _(RATINGS[rating]))
        await audit.record(
            actor,
            "letter.rate",
            ("letter", locked.id),
            f"评价来信 #{locked.id} 的答复",
            after={"rating": rating.value, "reason": reason},
        )
        if reopen:
            await _reopen(actor, locked, reason)
        await locked.save()


async def _reopen(actor: Principal, letter: Letter, reason: str) -> None:
    """再次办理: the letter is open again with a fresh reply deadline; the rating of the
    first reply stays in the history, and the next reply is rated anew."""
    due = deadlines.add_working_days(
        today(), calendar.reply_days(letter.kind), await calendar.load_schedule()
    )
    letter.status, letter.reopened_at = LetterStatus.ACCEPTED, clock.now()
    letter.reply_due, letter.due_provisional = due.day, due.provisional
    letter.rating = None  # type: ignore[assignment]
    letter.rated_at, letter.escalated_at = None, None
    await record_event(letter, EventKind.REOPENED, actor, "", reason)
    await audit.record(
        actor,
        "letter.reopen",
        ("letter", letter.id),
        f"来信 #{letter.id} 再次办理",
        after={"reason": reason, "reply_due": due.day.isoformat()},
    )
    await _tell_handlers(letter, letter.area, _("来信人不满意，请再次办理"), "reopened")


async def erase_writer(user_id: int) -> int:
    """Anonymise a writer whose account is deleted: the letters stay (they are the public
    record of how an office answered), without the person, their files, or any phone or
    ID number in what they wrote. Returns how many letters were touched."""
    async with in_transaction():
        letters = await Letter.filter(writer_id=user_id).select_for_update()
        files = await LetterFile.filter(letter_id__in=[x.id for x in letters], reply_id=None)
        for letter in letters:
            letter.writer_id = None
            letter.show_name = False
            letter.subject = mask_text(letter.subject)
            letter.text = mask_text(letter.text)
            letter.rating_reason = mask_text(letter.rating_reason)
            await letter.save()
            await search_index.refresh("letter", letter.id)
        await LetterEvent.filter(letter_id__in=[x.id for x in letters], actor_id=user_id).update(
            actor_id=None
        )
        await LetterFile.filter(id__in=[f.id for f in files]).delete()
    await discard(f.stored() for f in files)
    return len(letters)
