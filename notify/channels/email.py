"""E-mail over SMTP (aiosmtplib). Every e-mail carries its unsubscribe link, in the text and
as ``List-Unsubscribe`` with ``List-Unsubscribe-Post`` (RFC 8058 one-click)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from core import settings
from core.i18n import gettext as _

TIMEOUT = 30.0


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    link: str  # the page it is about, absolute
    unsubscribe: str  # absolute URL
    ref: str  # Yishi's delivery reference, in the Message-ID and X-Yishi-Delivery


def compose(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.SMTP_FROM
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=mail.ref, domain="yishi")
    message["X-Yishi-Delivery"] = mail.ref
    message["List-Unsubscribe"] = f"<{mail.unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    footer = _("不想再收到这类邮件？退订：{url}").format(url=mail.unsubscribe)
    message.set_content(f"{mail.text}\n\n{mail.link}\n\n--\n{footer}\n")
    return message


async def send(mail: Mail) -> str:
    """Hand the e-mail to the SMTP server; return its Message-ID. Raises on refusal."""
    message = compose(mail)
    tls = settings.SMTP_TLS
    await aiosmtplib.send(
        message,
        hostname=settings.SMTP_HOST,
        port=settings.SMTP_PORT,
        username=settings.SMTP_USERNAME or None,
        password=str(settings.SMTP_PASSWORD) or None,
        use_tls=tls == "ssl",
        start_tls=tls == "starttls",
        timeout=TIMEOUT,
    )
    return str(message["Message-ID"])


def configured() -> bool:
    return bool(settings.SMTP_HOST)
