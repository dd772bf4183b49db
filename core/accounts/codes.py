"""SMS codes (验证码): six digits, valid for a few minutes, single use, a few tries, stored
only as a keyed hash, and each for one purpose (a registration code resets no password)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core import clock, settings
from core.accounts import hooks, smslimit
from core.accounts.models import CodePurpose, PhoneCode
from core.i18n import gettext as _

log = logging.getLogger(__name__)


class CodeNotSent(Exception):
    """The SMS gateway refused or failed: the person may simply ask again."""


def _digest(purpose: CodePurpose, mobile: str, code: str) -> str:
    message = f"{purpose.value}:{mobile}:{code}".encode()
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _now() -> dt.datetime:
    # In China time, as the database stores instants: SQLite compares the stored text, so a
    # UTC parameter would compare eight hours wrong.
    return dt.datetime.now(clock.CHINA)


async def issue(purpose: CodePurpose, mobile: str, *, ip: str, deliver: bool = True) -> None:
    """Throttle, store a fresh code (the earlier unused ones of this purpose die), send it.

    ``deliver=False`` does all the same work but sends nothing: a reset asked for an
    unregistered number must look and cost the same as one for a registered number.
    """
    await smslimit.take(mobile, ip)
    code = f"{secrets.randbelow(10**6):06d}"
    now = _now()
    async with in_transaction():
        # Spent and dead codes are kept no longer than they are useful.
        await PhoneCode.filter(expires_at__lt=now).delete()
        await PhoneCode.filter(mobile=mobile, purpose=purpose, used_at=None).update(used_at=now)
        await PhoneCode.create(
            purpose=purpose,
            mobile=mobile,
            code_hash=_digest(purpose, mobile, code),
            expires_at=now + dt.timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        )
    if not deliver:
        return
    try:
        await hooks.send_code(mobile, purpose, code)
    except Exception as exc:  # any gateway failure: the page says try again, the log says why
        log.exception("SMS code to %s*** not sent", mobile[:3])
        raise CodeNotSent from exc


async def matching(purpose: CodePurpose, mobile: str, code: str) -> PhoneCode | None:
    """The live code row if ``code`` is right; every try counts (recorded before it is
    compared). The row stays live: ``use`` spends it."""
    code = code.strip()
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    live = PhoneCode.filter(
        mobile=mobile,
        purpose=purpose,
        used_at=None,
        expires_at__gt=_now(),
        attempts__lt=settings.SMS_CODE_MAX_ATTEMPTS,
    )
    row = await live.order_by("-id").first()
    if row is None:
        return None
    # A conditional update, not a read-then-write: parallel guesses cannot exceed the limit.
    counted = await live.filter(id=row.id).update(attempts=F("attempts") + 1)
    if not counted or not hmac.compare_digest(row.code_hash, _digest(purpose, mobile, code)):
        return None
    return row


async def use(*rows: PhoneCode) -> bool:
    """Spend the codes; False if any was spent meanwhile (two tabs, the same code)."""
    spent = [await PhoneCode.filter(id=r.id, used_at=None).update(used_at=_now()) for r in rows]
    return all(spent)


async def check(purpose: CodePurpose, mobile: str, code: str) -> bool:
    """True once for the right code: it is spent."""
    row = await matching(purpose, mobile, code)
    return row is not None and await use(row)


def wait_text(seconds: int) -> str:
    """ "60 秒" / "5 分钟" / "3 小时": how long until another code may be sent."""
    if seconds < 120:
        return _("{n} 秒").format(n=seconds)
    if seconds < 2 * 3600:
        return _("{n} 分钟").format(n=(seconds + 59) // 60)
    return _("{n} 小时").format(n=(seconds + 3599) // 3600)


def throttled_message(exc: smslimit.SmsThrottled) -> str:
    return _("验证码发送过于频繁，请 {wait}后再试。").format(wait=wait_text(exc.wait_seconds))


def not_sent_message() -> str:
    return _("短信发送失败，请稍后再试。")


def wrong_code_message() -> str:
    return _("验证码不正确或已失效，请重新获取")
