"""The mailbox's statistics, counted from plain rows (pure, unit-tested by hand counts).

- received: letters received;
- 按时受理率: of the letters whose acceptance was decided (accepted or declined) or is
  overdue, the share decided by the acceptance deadline;
- 按时办结率: of the letters replied to or overdue for a reply, the share whose first
  reply came by its deadline;
- average working days from receipt to the first reply;
- 满意率: (满意 + 基本满意) / rated; unrated letters are counted as unrated, never satisfied;
- overdue: open letters past their deadline today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Row:
    """What the statistics need of one letter."""

    accepted_on_time: bool | None  # None: not decided yet
    replied_on_time: bool | None  # None: no reply yet
    reply_working_days: int | None
    rating: str | None
    replied: bool  # answered now (a reopened letter waits for its next reply)
    open_overdue_accept: bool  # still waiting for acceptance, past the deadline
    open_overdue_reply: bool  # accepted, no reply yet, past the deadline


@dataclass(frozen=True)
class Figures:
    received: int
    accept_counted: int
    accepted_on_time: int
    reply_counted: int
    replied_on_time: int
    replied: int
    reply_days_total: int
    rated: int
    satisfied: int  # 满意 + 基本满意
    unrated: int  # replied but not (yet) rated
    overdue: int

    @property
    def accept_rate(self) -> Decimal | None:
        return percent(self.accepted_on_time, self.accept_counted)

    @property
    def reply_rate(self) -> Decimal | None:
        return percent(self.replied_on_time, self.reply_counted)

    @property
    def satisfaction(self) -> Decimal | None:
        return percent(self.satisfied, self.rated)

    @property
    def average_reply_days(self) -> Decimal | None:
        if not self.replied:
            return None
        return (Decimal(self.reply_days_total) / self.replied).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


def percent(part: int, whole: int) -> Decimal | None:
    """A share in percent with one decimal; None (shown as "—") when nothing was counted."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def figures(rows: Iterable[Row]) -> Figures:
    rows = list(rows)
    decided = [r for r in rows if r.accepted_on_time is not None]
    with_reply = [r for r in rows if r.replied_on_time is not None]
    days = [r.reply_working_days for r in rows if r.reply_working_days is not None]
    rated = [r for r in rows if r.rating]
    return Figures(
        received=len(rows),
        accept_counted=len(decided) + sum(r.open_overdue_accept for r in rows),
        accepted_on_time=sum(bool(r.accepted_on_time) for r in decided),
        reply_counted=len(with_reply) + sum(r.open_overdue_reply for r in rows),
        replied_on_time=sum(bool(r.replied_on_time) for r in with_reply),
        replied=len(days),
        reply_days_total=sum(days),
        rated=len(rated),
        satisfied=sum(r.rating in ("satisfied", "basic") for r in rated),
        unrated=sum(r.replied and not r.rating for r in rows),
        overdue=sum(r.open_overdue_accept or r.open_overdue_reply for r in rows),
    )
