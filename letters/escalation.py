"""督办: open letters past their deadline go to the officials of the parent area.

Run by the periodic job ``letters.escalate`` (registered in ``app.wiring``); every list also
computes "overdue" itself, so pages are right before the job has run.
"""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from core import audit, clock
from core.clock import china_date
from core.i18n import gettext as _
from letters.models import OPEN_STATUSES, EventKind, Letter
from letters.queries import supervisor_ids
from letters.services import letter_link, locked_letter, record_event
from notify.kinds import Kind
from notify.services import Note, notify


async def escalate_overdue(moment: dt.datetime) -> int:
    """督办: open letters past their deadline go to the parent area's officials, once per
    deadline (a later deadline, after an extension or reopening, may escalate again).
    Safe to run twice for the same moment."""
    day = china_date(moment)
    count = 0
    candidates = await Letter.filter(status__in=OPEN_STATUSES, escalated_at=None).select_related(
        "area"
    )
    for letter in candidates:
        if not letter.is_overdue(day):
            continue
        async with in_transaction():
            locked = await locked_letter(letter)
            if locked.escalated_at is not None or not locked.is_overdue(day):
                continue  # another worker got there first
            locked.escalated_at = clock.now()
            await locked.save(update_fields=["escalated_at"])
            parent = locked.area.parent.name if locked.area.parent else locked.area.name
            await record_event(locked, EventKind.ESCALATED, None, parent)
            await audit.record(
                None,
                "letter.escalate",
                ("letter", locked.id),
                f"来信 #{locked.id} 逾期（期限 {locked.due().isoformat()}），转{parent}督办",
            )
            note = Note(
                Kind.LETTER_UPDATE,
                _("逾期来信督办：{office}").format(office=locked.area.name),
                _("「{subject}」已过办理期限 {day}").format(
                    subject=locked.subject, day=locked.due().isoformat()
                ),
                letter_link(locked),
            )
            await notify(
                await supervisor_ids(locked.area.path),
                note,
                dedupe_key=f"letter-{locked.id}-escalated-{locked.due().isoformat()}",
            )
            count += 1
    return count
