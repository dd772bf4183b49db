"""Account writes: register a resident (with an SMS code), check a login."""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import settings
from core.accounts import codes, privacy, ratelimit
from core.accounts.models import CodePurpose, ConsentPurpose
from core.models import Role, RoleGrant, User
from core.passwords import hash_password, verify_password


class MobileTaken(Exception):
    pass


class LoginLocked(Exception):
    pass


class WrongCode(Exception):
    """The SMS code is wrong, used, expired or out of tries."""


class RegistrationThrottled(Exception):
    """Too many registrations (or too many "already registered" answers) from one address."""


HOUR = 3600
# "This number is registered" answers one address may get in an hour: a person mistypes
# their number once or twice; a script probing which numbers exist needs thousands.
TAKEN_ANSWERS_PER_HOUR = 3


async def _registration_allowed(ip: str) -> bool:
    """Record this registration first (parallel ones see it), then judge it."""
    attempt = await ratelimit.record({f"register:ip:{ip}": settings.REGISTER_PER_HOUR}, HOUR)
    taken = await ratelimit.count(f"register:taken:{ip}", HOUR)
    if attempt.allowed and taken < TAKEN_ANSWERS_PER_HOUR:
        return True
    await attempt.forget()
    return False


async def _taken_answer_allowed(ip: str) -> bool:
    answer = await ratelimit.record({f"register:taken:{ip}": TAKEN_ANSWERS_PER_HOUR}, HOUR)
    return answer.allowed


async def _taken_answers_spent(ip: str) -> bool:
    return await ratelimit.count(f"register:taken:{ip}", HOUR) >= TAKEN_ANSWERS_PER_HOUR


async def register_code_send(*, mobile: str, ip: str) -> None:
    """获取验证码 for registration: a code to a free number.

    A taken number is answered "already registered" at most TAKEN_ANSWERS_PER_HOUR times per
    address; once those are spent every number gets the same refusal, so the answers cannot
    list which numbers are registered. Raises smslimit.SmsThrottled, codes.CodeNotSent.
    """
    if await _taken_answers_spent(ip):
        raise RegistrationThrottled
    if await User.exists(mobile=mobile):
        raise MobileTaken if await _taken_answer_allowed(ip) else RegistrationThrottled
    await codes.issue(CodePurpose.REGISTER, mobile, ip=ip)


async def resident_register(
    *, name: str, mobile: str, password: str, home_area_id: int, code: str, ip: str
) -> User:
    """居民注册: a new account holding the resident role, its number proven by the SMS code
    and its consent to the privacy policy recorded.

    Throttled per address: `settings.REGISTER_PER_HOUR` registrations, of which at most
    TAKEN_ANSWERS_PER_HOUR may be answered "already registered"; past that every number gets
    the same refusal, so the answer tells nothing.
    """
    if not await _registration_allowed(ip):
        raise RegistrationThrottled
    if await User.exists(mobile=mobile):
        raise MobileTaken if await _taken_answer_allowed(ip) else RegistrationThrottled
    if not await codes.check(CodePurpose.REGISTER, mobile, code):
        raise WrongCode
    try:
        async with in_transaction():
            user = await User.create(
                name=name,
                mobile=mobile,
                password_hash=hash_password(password),
                home_area_id=home_area_id,
                mobile_verified_at=dt.datetime.now(dt.UTC),
            )
            await RoleGrant.create(user=user, role=Role.RESIDENT)
            await privacy.consent_give(user_id=user.id, purpose=ConsentPurpose.PRIVACY_POLICY)
    except IntegrityError as exc:  # two registrations racing for one number
        raise MobileTaken from exc
    return user


async def login_check(*, mobile: str, password: str, ip: str) -> User | None:
    """The user if the password is right; raises LoginLocked after too many failures from
    this address (on this account, or on any)."""
    limit = ratelimit.login_limit()
    # Recorded before it is judged, so simultaneous guesses cannot all slip under the limit.
    attempt = await limit.attempt(mobile, ip)
    if not attempt.allowed:
        raise LoginLocked
    user = await User.get_or_none(mobile=mobile, is_active=True)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return None  # the recorded attempt stays, as a failure
    await limit.succeeded(attempt, mobile, ip)
    user.last_login_at = dt.datetime.now(dt.UTC)
    await user.save(update_fields=["last_login_at"])
    return user


async def sessions_end(user_id: int) -> None:
    """End every session of the account: each cookie carries the version it was issued
    for, and the middleware refuses any but the current one."""
    await User.filter(id=user_id).update(session_version=F("session_version") + 1)
