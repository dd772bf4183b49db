"""Files that survive a proposal form's validation error.

A browser cannot put a file back into a file input, so a photo chosen on a form that comes
back with an error would be lost. Instead it is checked and stored at once (`core.uploads`),
held as a `PendingAttachment` of the person who chose it, offered again in the re-rendered
form (ticked, "keep"), and attached when the form is finally saved. Only its owner can use
or drop it; one they untick is removed from storage on the next post; one whose form was
never saved (the person gave up) is swept away after HELD_FOR by a daily job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from starlette.datastructures import FormData

from core.clock import CHINA
from core.forms import parse_id
from core.uploads import StoredFile, discard, file_record
from projects.models import PendingAttachment

# Long enough to come back to a form the next evening or weekend; short enough that storage
# keeps no photos that nobody will attach.
HELD_FOR = dt.timedelta(days=7)
SWEEP_CRON = "20 3 * * *"  # daily, at night (China time)


def _ids(data: FormData, name: str) -> set[int]:
    return {i for v in data.getlist(name) if isinstance(v, str) and (i := parse_id(v))}


async def kept(user_id: int, data: FormData) -> list[PendingAttachment]:
    """The held files the form still ticks; the ones it offered but the person unticked are
    dropped (removed from storage). Ids of anyone else's files are ignored."""
    offered = _ids(data, "pending_offered")
    keep = _ids(data, "pending") & offered
    rows = await PendingAttachment.filter(user_id=user_id, id__in=offered).order_by("id")
    await drop([r for r in rows if r.id not in keep])
    return [r for r in rows if r.id in keep]


async def hold(user_id: int, files: Iterable[StoredFile]) -> list[PendingAttachment]:
    """Keep freshly stored files for the person, to be offered again."""
    rows = [file_record(PendingAttachment, f, user_id=user_id) for f in files]
    for row in rows:
        await row.save()
    return rows


async def settle(rows: Iterable[PendingAttachment]) -> None:
    """The files are attached now: the hold goes, the stored files stay."""
    ids = [r.id for r in rows]
    if ids:
        await PendingAttachment.filter(id__in=ids).delete()


async def drop(rows: list[PendingAttachment]) -> None:
    if not rows:
        return
    await discard([r.stored() for r in rows])
    await PendingAttachment.filter(id__in=[r.id for r in rows]).delete()


async def sweep(moment: dt.datetime) -> int:
    """Drop the files held longer than HELD_FOR before `moment` (from storage, then their
    rows); how many. Safe to run twice: a dropped hold is gone."""
    # Bound in China time, as the database stores instants (SQLite compares the text).
    stale = await PendingAttachment.filter(created_at__lt=moment.astimezone(CHINA) - HELD_FOR)
    await drop(list(stale))
    return len(stale)
