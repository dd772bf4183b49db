"""Entering a year's holiday schedule (放假安排): open letters' deadlines are counted again."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core import audit
from core.clock import china_date
from core.principal import Principal
from letters import calendar, deadlines
from letters.models import OPEN_STATUSES, Extension, Letter, ScheduleDay, ScheduleYear


async def schedule_save(
    actor: Principal, year: int, days: list[calendar.ListedDay], source: str
) -> int:
    """Enter (or replace) a year's holiday schedule; open letters' deadlines are counted
    again with it. Returns how many letters got new deadlines."""
    async with in_transaction():
        before = await calendar.days_of(year).count()
        await calendar.days_of(year).delete()
        await ScheduleDay.bulk_create(
            [ScheduleDay(day=d.day, is_workday=d.is_workday, note=d.note) for d in days]
        )
        await ScheduleYear.update_or_create(
            defaults={"source": source, "entered_by_id": actor.id}, year=year
        )
        changed = await _recount_open(await calendar.load_schedule())
        await audit.record(
            actor,
            "letter.schedule",
            ("schedule", year),
            f"录入 {year} 年放假安排（{len(days)} 天）",
            before={"days": before},
            after={"days": len(days), "source": source},
        )
    return changed


async def _recount_open(schedule: deadlines.Schedule) -> int:
    """Open letters' deadlines from their start with the schedule now known."""
    changed = 0
    for letter in await Letter.filter(status__in=OPEN_STATUSES).select_for_update():
        dues = calendar.dues_from(letter.received_on, letter.kind, schedule)
        reply, provisional = dues.reply, dues.provisional
        if letter.reopened_at is not None:
            due = deadlines.add_working_days(
                china_date(letter.reopened_at), calendar.reply_days(letter.kind), schedule
            )
            reply, provisional = due.day, due.provisional
        if letter.extension == Extension.APPROVED:
            due = deadlines.add_working_days(reply, letter.extension_days, schedule)
            reply, provisional = due.day, provisional or due.provisional
        new = (dues.accept, reply, provisional)
        if new != (letter.accept_due, letter.reply_due, letter.due_provisional):
            letter.accept_due, letter.reply_due, letter.due_provisional = new
            await letter.save(update_fields=["accept_due", "reply_due", "due_provisional"])
            changed += 1
    return changed
