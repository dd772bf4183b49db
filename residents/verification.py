"""Linking an account to its roster entry (居民核验): by the resident, or in person by an
official. A verified account is a resident of the entry's village or community.

The resident's own attempt gets one answer for every mismatch (no hint at which field was
wrong) and is rate-limited per account and per address; the official's is an audited staff
action, for the areas they govern only.
"""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import audit, settings
from core.accounts.ratelimit import FailureLimit
from core.i18n import gettext as _
from core.models import Area, User
from core.principal import Principal
from core.refusals import Refused
from residents import idcard, permissions
from residents.models import RosterEntry, Verification
from residents.validation import normalise_name

# Failures a resident may make per window (an address gets ADDRESS_FACTOR times as many).


class VerificationLocked(Exception):
    pass


class NoMatch(Exception):
    """Name, ID number and area do not match one free roster entry (deliberately vague)."""


class AlreadyVerified(Exception):
    pass


class VerificationRefused(Refused):
    """An official's attempt that cannot go through; the message says why."""


def verify_limit() -> FailureLimit:
    return FailureLimit("verify:", settings.VERIFY_MAX_FAILURES, settings.VERIFY_WINDOW_SECONDS)


async def _linked_elsewhere(digest: str, user_id: int) -> bool:
    """The same person, on another area's roster, already linked to a different account."""
    return (
        await RosterEntry.filter(id_hash=digest, user_id__isnull=False)
        .exclude(user_id=user_id)
        .exists()
    )


async def _link(
    entry: RosterEntry, user_id: int, how: Verification, official: Principal | None
) -> bool:
    """Claim the entry if still free (a conditional update, not a read-then-write)."""
    try:
        claimed = await RosterEntry.filter(id=entry.id, user_id=None).update(
            user_id=user_id,
            verification=how,
            verified_at=dt.datetime.now(dt.UTC),
            verified_by_id=official.id if official else None,
        )
    except IntegrityError as exc:  # this account was linked meanwhile (two tabs)
        raise AlreadyVerified from exc
    if claimed:
        # Where the roster lists them is where they live: proposals follow the home area.
        await User.filter(id=user_id).update(home_area_id=entry.area_id)
    return bool(claimed)


async def verify_self(
    user: Principal, *, name: str, id_number: str, area_id: int, ip: str
) -> RosterEntry:
    """The resident's own verification against the roster of the area they chose."""
    limit, account = verify_limit(), str(user.id)
    if await RosterEntry.exists(user_id=user.id):
        raise AlreadyVerified
    attempt = await limit.attempt(account, ip)  # recorded first: parallel guesses see it
    if not attempt.allowed:
        raise VerificationLocked
    digest = idcard.id_hash(idcard.normalise(id_number))
    entry = await RosterEntry.get_or_none(area_id=area_id, id_hash=digest)
    matches = (
        entry is not None
        and entry.user_id is None
        and entry.name == normalise_name(name)
        and not await _linked_elsewhere(digest, user.id)
    )
    if entry is None or not matches:
        raise NoMatch  # the recorded attempt stays, as a failure
    async with in_transaction():
        if not await _link(entry, user.id, Verification.ROSTER, None):
            raise NoMatch
    await limit.succeeded(attempt, account, ip)
    return entry


async def verify_in_person(
    official: Principal, resident: User, area: Area, id_number: str
) -> RosterEntry:
    """现场核验: the official has checked the ID card against the person and enters its
    number; it must be on the roster of `area`, a village or community they govern."""
    home = await Area.get_or_none(id=resident.home_area_id)
    if not permissions.may_verify_in_person(official, home, area):
        raise VerificationRefused(_("该居民或所选村/社区不在您负责的区域内"))
    if await RosterEntry.exists(user_id=resident.id):
        raise VerificationRefused(_("该居民已经核验过了"))
    digest = idcard.id_hash(idcard.normalise(id_number))
    entry = await RosterEntry.get_or_none(area=area, id_hash=digest)
    if entry is None:
        raise VerificationRefused(
            _("{area}的名册中没有这个身份证号，请核对号码或先导入名册").format(area=area.name)
        )
    if entry.user_id is not None or await _linked_elsewhere(digest, resident.id):
        raise VerificationRefused(_("这个身份证号已与另一个账户关联"))
    async with in_transaction():
        try:
            linked = await _link(entry, resident.id, Verification.IN_PERSON, official)
        except AlreadyVerified as exc:
            raise VerificationRefused(_("该居民已经核验过了")) from exc
        if not linked:
            raise VerificationRefused(_("这个身份证号已与另一个账户关联"))
        await audit.record(
            official,
            "roster.verify_in_person",
            ("roster_entry", entry.id),
            f"现场核验 {resident.name}（{resident.mobile}）为{area.name}居民，"
            f"名册姓名 {entry.name}",
            before={"home_area": home.code if home else None},
            after={
                "user_id": resident.id,
                "area": area.code,
                "roster_name": entry.name,
                "verification": Verification.IN_PERSON.value,
            },
        )
    return entry
