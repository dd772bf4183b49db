"""Changing what proves who a person is: the password (forgotten or changed) and the phone
number (changed, or proven for an account made before numbers were checked).

Each change is recorded in the audit log, by the person, in the same transaction; a new
password or number ends every other session of the account (``session_version``).
"""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import audit
from core.accounts import codes, hooks, ratelimit
from core.accounts.models import CodePurpose
from core.accounts.services import LoginLocked, MobileTaken, WrongCode
from core.models import LoginAttempt, User
from core.passwords import hash_password, verify_password
from core.principal import Principal


class WrongPassword(Exception):
    pass


def as_actor(user: User, ip: str) -> Principal:
    """The person acting on their own account, as the audit log names actors."""
    return Principal(user.id, user.name, user.mobile, user.home_area_id, ip=ip)


def _mask(mobile: str) -> str:
    return f"{mobile[:3]}****{mobile[-4:]}"


async def reset_code_send(*, mobile: str, ip: str) -> None:
    """忘记密码: a code if the number belongs to an active account; the same work (throttle,
    stored code) and the same answer either way, so the page lists no numbers."""
    registered = await User.exists(mobile=mobile, is_active=True)
    await codes.issue(CodePurpose.RESET, mobile, ip=ip, deliver=registered)


async def password_reset(*, mobile: str, code: str, password: str, ip: str) -> User:
    """A new password for the number's account; every session of it ends."""
    if not await codes.check(CodePurpose.RESET, mobile, code):
        raise WrongCode
    user = await User.get_or_none(mobile=mobile, is_active=True)
    if user is None:  # no code was ever delivered for it: unreachable but for a race
        raise WrongCode
    async with in_transaction():
        await _set_password(user, password)
        await audit.record(
            as_actor(user, ip),
            "account.password_reset",
            ("user", user.id),
            "通过短信验证码重设密码",
        )
        await hooks.account_changed(user.id, "account.password_reset")
    # The failures that locked the owner out were someone's guesses, or the owner's own.
    await LoginAttempt.filter(key__startswith=f"acct:{mobile}").delete()
    return await User.get(id=user.id)


async def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    await user.save(update_fields=["password_hash"])
    await User.filter(id=user.id).update(session_version=F("session_version") + 1)


async def password_change(*, user_id: int, old: str, new: str, ip: str) -> User:
    """修改密码: the old password first (counted like a login, so it guesses nothing)."""
    user = await User.get(id=user_id, is_active=True)
    await check_password(user, old, ip)
    async with in_transaction():
        await _set_password(user, new)
        await audit.record(
            as_actor(user, ip), "account.password_change", ("user", user.id), "修改密码"
        )
        await hooks.account_changed(user.id, "account.password_change")
    return await User.get(id=user_id)


async def check_password(user: User, password: str, ip: str) -> None:
    """Raise WrongPassword (or LoginLocked after too many) unless ``password`` is right."""
    limit = ratelimit.login_limit()
    attempt = await limit.attempt(user.mobile, ip)
    if not attempt.allowed:
        raise LoginLocked
    if not verify_password(user.password_hash, password):
        raise WrongPassword
    await limit.succeeded(attempt, user.mobile, ip)


async def phone_code_send_old(*, user: User, ip: str) -> None:
    await codes.issue(CodePurpose.CHANGE_PHONE_OLD, user.mobile, ip=ip)


async def phone_code_send_new(*, user: User, new_mobile: str, ip: str) -> None:
    """A code to the new number, which must be free (the person is signed in and throttled)."""
    if new_mobile == user.mobile or await User.exists(mobile=new_mobile):
        raise MobileTaken
    await codes.issue(CodePurpose.CHANGE_PHONE_NEW, new_mobile, ip=ip)


async def phone_change(
    *, user_id: int, new_mobile: str, old_code: str, new_code: str, ip: str
) -> User:
    """更换手机号: both numbers proven; the new one becomes the login."""
    user = await User.get(id=user_id, is_active=True)
    # Both are checked before either is spent: one mistyped code costs no second SMS.
    old = await codes.matching(CodePurpose.CHANGE_PHONE_OLD, user.mobile, old_code)
    new = await codes.matching(CodePurpose.CHANGE_PHONE_NEW, new_mobile, new_code)
    if old is None or new is None or not await codes.use(old, new):
        raise WrongCode
    before = user.mobile
    try:
        async with in_transaction():
            await User.filter(id=user.id).update(
                mobile=new_mobile,
                mobile_verified_at=dt.datetime.now(dt.UTC),
                session_version=F("session_version") + 1,
            )
            await audit.record(
                as_actor(user, ip),
                "account.phone_change",
                ("user", user.id),
                f"更换手机号 {_mask(before)} → {_mask(new_mobile)}",
                before={"mobile": before},
                after={"mobile": new_mobile},
            )
            await hooks.account_changed(user.id, "account.phone_change")
    except IntegrityError as exc:  # someone registered the new number meanwhile
        raise MobileTaken from exc
    return await User.get(id=user.id)


async def phone_verify_send(*, user: User, ip: str) -> None:
    await codes.issue(CodePurpose.VERIFY_PHONE, user.mobile, ip=ip)


async def phone_verify(*, user_id: int, code: str, ip: str) -> None:
    """An account made before registration asked for a code proves its number now."""
    user = await User.get(id=user_id, is_active=True)
    if not await codes.check(CodePurpose.VERIFY_PHONE, user.mobile, code):
        raise WrongCode
    async with in_transaction():
        await User.filter(id=user.id).update(mobile_verified_at=dt.datetime.now(dt.UTC))
        await audit.record(
            as_actor(user, ip), "account.phone_verify", ("user", user.id), "验证手机号"
        )
