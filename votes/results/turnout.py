"""Turnout (投票率) by village: who voted in a ballot box against the roster.

Counted in the database (three grouped queries for any number of boxes) and stored with the
tally: once voting has closed the figures no longer change, and a district's results page
must not count its whole roster on every visit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import cast

from tortoise.expressions import Q
from tortoise.functions import Count

from core.clock import today
from core.models import Area, AreaKind
from projects import hooks
from projects.models import Process
from residents.models import RosterEntry
from votes.models import Ballot, BallotBox, VoterMark
from votes.sealing.models import SealedBallot

Turnout = list[tuple[str, int, int]]  # village, voted (online or paper), on the roster


async def turnouts(boxes: list[tuple[BallotBox, Area]]) -> dict[int, Turnout]:
    """Per box id, per village of the box's area with anyone on its roster."""
    if not boxes:
        return {}
    roster = dict(
        cast(
            list[tuple[int, int]],
            await RosterEntry.filter(
                _under([area for _box, area in boxes], "area__path"),
            )
            .annotate(n=Count("id"))
            .group_by("area_id")
            .values_list("area_id", "n"),
        )
    )
    voted: Counter[tuple[int, int]] = Counter()
    for box_id, area_id, n in (
        await VoterMark.filter(box_id__in=[box.id for box, _area in boxes])
        .annotate(n=Count("id"))
        .group_by("box_id", "entry__area_id")
        .values_list("box_id", "entry__area_id", "n")
    ):
        voted[(box_id, area_id)] = n
    villages = await Area.filter(
        id__in=list(roster), kind__in=[AreaKind.VILLAGE, AreaKind.COMMUNITY]
    ).order_by("path")
    return {
        box.id: [
            (v.name, voted[(box.id, v.id)], roster[v.id])
            for v in villages
            if v.path.startswith(area.path)
        ]
        for box, area in boxes
    }


def _under(areas: list[Area], field_name: str) -> Q:
    """Rows whose area path lies under any of `areas`."""
    query = Q(**{f"{field_name}__startswith": areas[0].path})
    for area in areas[1:]:
        query |= Q(**{f"{field_name}__startswith": area.path})
    return query


async def so_far(process: Process) -> hooks.Turnout:
    """The process's turnout now (a ``projects.hooks`` counter, for the confirmation page of
    a phase change and of the tally): people who voted in any of its boxes, people of
    voting age on the rosters of its area (one ID number is one person), ballots cast."""
    box_ids = list(await BallotBox.filter(process=process).values_list("id", flat=True))
    voters = await VoterMark.filter(box_id__in=box_ids).distinct().values_list("id_hash", flat=True)
    area = await Area.get_or_none(id=process.area_id)
    roster = 0
    if area is not None:
        of_age = born_by(today(), process.min_voter_age)
        roster = len(
            await RosterEntry.filter(area__path__startswith=area.path, birth_date__lte=of_age)
            .distinct()
            .values_list("id_hash", flat=True)
        )
    sealed = await SealedBallot.filter(box_id__in=box_ids).count()
    counted = await Ballot.filter(box_id__in=box_ids).count()
    return hooks.Turnout(voters=len(voters), roster=roster, ballots=sealed + counted)


def born_by(day: dt.date, age: int) -> dt.date:
    """The last birth date of someone `age` years old on `day` (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)
