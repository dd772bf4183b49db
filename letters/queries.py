"""Reads of the mailbox: one letter, the desk queue, the public list, my letters, who
handles an area, and a person's own data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from core.clock import CHINA, china_date, today
from core.models import Area, Role, RoleGrant
from core.principal import Principal, governed_scope
from letters.labels import KINDS, RATINGS, STATUSES
from letters.models import (
    OPEN_STATUSES,
    Extension,
    Letter,
    LetterFile,
    LetterReply,
    LetterStatus,
)
from letters.permissions import PUBLIC_STATUSES, ancestor_paths, approves_extension

RELATED = ("area", "area__parent", "writer")
PAGE_SIZE = 20
DESK_MAX = 300  # per state on the desk: more is a backlog for the statistics, not a list


async def one(letter_id: int) -> Letter | None:
    return await Letter.get_or_none(id=letter_id).select_related(*RELATED)


async def replies_of(letter: Letter) -> list[LetterReply]:
    return list(await LetterReply.filter(letter=letter).prefetch_related("files"))


async def writer_files(letter: Letter) -> list[LetterFile]:
    return list(await LetterFile.filter(letter=letter, reply_id=None))


async def _officials_at(paths: list[str]) -> dict[str, list[int]]:
    grants = await RoleGrant.filter(role=Role.OFFICIAL, area__path__in=paths).values_list(
        "user_id", "area__path"
    )
    found: dict[str, list[int]] = {}
    for user_id, path in grants:
        found.setdefault(str(path), []).append(int(user_id))
    return found


async def handler_ids(area_path: str) -> list[int]:
    """The officials who answer for the area: those of the area itself, else of the
    nearest area above it that has any (a village without its own officials)."""
    paths = ancestor_paths(area_path)
    found = await _officials_at(paths)
    for path in reversed(paths):
        if found.get(path):
            return sorted(found[path])
    return []


async def supervisor_ids(area_path: str) -> list[int]:
    """督办 goes one level up: the officials of the nearest area above this one."""
    paths = ancestor_paths(area_path)[:-1]
    found = await _officials_at(paths)
    for path in reversed(paths):
        if found.get(path):
            return sorted(found[path])
    return []


def in_scope(user: Principal) -> Q:
    return governed_scope(user, lambda path: Q(area__path__startswith=path))


@dataclass(frozen=True)
class DeskLetter:
    letter: Letter
    due: dt.date
    overdue: bool
    supervised: bool  # overdue in an area below the person's own: they supervise it (督办)


def _own_level(user: Principal, letter: Letter) -> bool:
    """Does the person answer for the letter's area itself (not only from above)?"""
    if user.has_all_areas:
        return True
    return str(letter.area.path) in user.official_paths


async def desk_queue(user: Principal, *, show: str = "open") -> list[DeskLetter]:
    """The queue, most urgent deadline first; overdue letters below the person's own level
    are marked as theirs to supervise. Overdue is computed here, so the list is right even
    before the escalation job has run."""
    scoped = Letter.filter(in_scope(user)).select_related(*RELATED)
    # Each open state by its own deadline in the database, so that the most urgent are
    # never cut off by the limit; handled letters after them, newest first.
    letters = [
        *await scoped.filter(status=LetterStatus.NEW).order_by("accept_due", "id").limit(DESK_MAX),
        *await scoped.filter(status=LetterStatus.ACCEPTED)
        .order_by("reply_due", "id")
        .limit(DESK_MAX),
    ]
    if show != "open":
        letters += await scoped.exclude(status__in=OPEN_STATUSES).order_by("-id").limit(DESK_MAX)
    day = today()
    rows = [
        DeskLetter(
            letter,
            letter.due(),
            letter.is_overdue(day),
            letter.is_overdue(day) and not _own_level(user, letter),
        )
        for letter in letters
    ]
    open_rows = sorted((r for r in rows if r.letter.is_open), key=lambda r: (r.due, r.letter.id))
    return open_rows + [r for r in rows if not r.letter.is_open]


async def extensions_to_approve(user: Principal) -> list[Letter]:
    letters = await Letter.filter(in_scope(user), extension=Extension.REQUESTED).select_related(
        *RELATED
    )
    return [letter for letter in letters if approves_extension(user, letter)]


async def my_letters(user_id: int) -> list[Letter]:
    return list(await Letter.filter(writer_id=user_id).select_related("area"))


async def letters_today(user_id: int) -> int:
    """Letters this person wrote today (China's calendar day)."""
    start = dt.datetime.combine(today(), dt.time(), tzinfo=CHINA)
    return await Letter.filter(writer_id=user_id, created_at__gte=start).count()


async def recent_texts(user_id: int, days: int = 30) -> list[Letter]:
    since = dt.datetime.combine(today() - dt.timedelta(days=days), dt.time(), tzinfo=CHINA)
    return list(await Letter.filter(writer_id=user_id, created_at__gte=since).order_by("-id"))


@dataclass(frozen=True)
class Filters:
    area: Area | None = None
    kind: str = ""
    status: str = ""
    month: str = ""  # YYYY-MM

    def query_string(self) -> str:
        pairs = [
            ("area", self.area.code if self.area else ""),
            ("kind", self.kind),
            ("status", self.status),
            ("month", self.month),
        ]
        return "&".join(f"{k}={v}" for k, v in pairs if v)


AREA_CODE_PATTERN = "[0-9]{12}"
AREA_CODE = re.compile(AREA_CODE_PATTERN)
MONTH_PATTERN = "20[0-9]{2}-(0[1-9]|1[0-2])"  # also the OpenAPI document's pattern
MONTH = re.compile(MONTH_PATTERN)


async def area_by_code(code: str) -> Area | None:
    """The area of a 12-digit code from a query string; anything else names none."""
    return await Area.get_or_none(code=code) if AREA_CODE.fullmatch(code) else None


def month_range(month: str) -> tuple[dt.datetime, dt.datetime] | None:
    """ "2026-11" → its first instant and the next month's, in China time."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    following = (first + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(first, dt.time(), tzinfo=CHINA)
    return start, dt.datetime.combine(following, dt.time(), tzinfo=CHINA)


def public_query(filters: Filters) -> Any:
    query = Letter.filter(is_public=True, status__in=PUBLIC_STATUSES)
    if filters.area is not None:
        query = query.filter(area__path__startswith=filters.area.path)
    if filters.kind in {k.value for k in KINDS}:
        query = query.filter(kind=filters.kind)
    if filters.status in {s.value for s in PUBLIC_STATUSES}:
        query = query.filter(status=filters.status)
    span = month_range(filters.month) if filters.month else None
    if span:
        query = query.filter(created_at__gte=span[0], created_at__lt=span[1])
    return query


async def public_page(filters: Filters, offset: int, limit: int) -> tuple[list[Letter], int]:
    query = public_query(filters)
    total = await query.count()
    letters = await query.select_related(*RELATED).offset(offset).limit(limit)
    return list(letters), total


async def replies_for(letters: list[Letter]) -> dict[int, list[LetterReply]]:
    found: dict[int, list[LetterReply]] = {}
    for reply in await LetterReply.filter(letter_id__in=[x.id for x in letters]):
        found.setdefault(reply.letter_id, []).append(reply)
    return found


async def personal_data(user_id: int) -> dict[str, Any]:
    """Everything the mailbox holds about one writer, for "download my data"."""
    letters = await Letter.filter(writer_id=user_id).select_related("area").order_by("id")
    replies = await replies_for(letters)
    return {
        "letters": [
            {
                "id": x.id,
                "written_on": china_date(x.created_at).isoformat(),
                "area": x.area.name,
                "kind": str(KINDS[x.kind]),
                "subject": x.subject,
                "text": x.text,
                "public": x.is_public,
                "show_name": x.show_name,
                "status": str(STATUSES[x.status]),
                "rating": str(RATINGS[x.rating]) if x.rating else None,
                "rating_reason": x.rating_reason,
                "files": await LetterFile.filter(letter=x, reply_id=None).values_list(
                    "original_name", flat=True
                ),
                "replies": [
                    {"at": r.created_at.isoformat(), "office": r.office, "text": r.text}
                    for r in replies.get(x.id, [])
                ],
            }
            for x in letters
        ]
    }
