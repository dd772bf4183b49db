"""E-mail through a real SMTP server (aiosmtpd), and the unsubscribe link it carries."""

from __future__ import annotations

import httpx
from notify_stubs import Inbox
from support import make_user

from core import clock
from core.models import Area, Role, User
from notify import delivery
from notify.kinds import Channel, Kind
from notify.models import Delivery, DeliveryState, Preference
from notify.services import Note, notify

NOTE = Note(Kind.PROPOSAL_REVIEWED, "您的提案已审核", "「修路」已通过审核。", "/proposals/3")


async def _person(areas: dict[str, Area]) -> User:
    user = await make_user("13900000201", Role.RESIDENT, home=areas["370104013201"])
    await User.filter(id=user.id).update(email="wang@example.com", mobile_verified_at=clock.now())
    return user


async def test_an_email_is_sent_with_its_link_and_unsubscribe_headers(
    client: httpx.AsyncClient, areas: dict[str, Area], smtp: Inbox
) -> None:
    person = await _person(areas)
    await notify([person.id], NOTE)
    await delivery.run_round()
    [(to, mail)] = smtp.mails
    sent = await Delivery.get(channel=Channel.EMAIL)
    assert to == ["wang@example.com"] and sent.state == DeliveryState.SENT
    assert mail["Subject"] == "您的提案已审核"
    assert mail["X-Yishi-Delivery"] == f"yishi-{sent.id}"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    body = mail.get_content()  # type: ignore[attr-defined]
    assert "https://yishi.example/proposals/3" in body and unsubscribe in body
    path = unsubscribe.removeprefix("https://yishi.example")
    page = await client.get(path)  # a stranger's browser: no session needed
    assert "确定不再通过邮件接收“我的提案审核结果”吗？" in page.text
    assert not await Preference.exists(user_id=person.id)  # GET changes nothing
    # The mail client's one-click POST (RFC 8058) carries no session and no CSRF token.
    done = await client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "已退订" in done.text
    choice = await Preference.get(user_id=person.id, kind=Kind.PROPOSAL_REVIEWED)
    assert (choice.channel, choice.enabled) == (Channel.EMAIL, False)
    await notify([person.id], NOTE, dedupe_key="again")
    await delivery.run_round()
    assert len(smtp.mails) == 1  # no second e-mail of that kind; the SMS still went
    assert await Delivery.filter(channel=Channel.SMS, state=DeliveryState.SENT).count() == 2


async def test_a_forged_unsubscribe_token_changes_nothing(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await _person(areas)
    assert (await client.get("/unsubscribe/WzEsInZvdGVfb3BlbmVkIl0.forged")).status_code == 404
    assert (await client.post("/unsubscribe/WzEsInZvdGVfb3BlbmVkIl0.forged")).status_code == 404
    assert not await Preference.exists()


async def test_an_smtp_refusal_is_retried(areas: dict[str, Area], smtp: Inbox) -> None:
    person = await _person(areas)
    smtp.refuse = 1
    await notify([person.id], NOTE)
    await delivery.run_round()
    mail = await Delivery.get(channel=Channel.EMAIL)
    assert (mail.state, mail.attempts) == (DeliveryState.PENDING, 1)
    assert "Try again later" in mail.last_error
    await Delivery.filter(id=mail.id).update(next_attempt_at=clock.now())
    await delivery.run_round()
    assert (await Delivery.get(id=mail.id)).state == DeliveryState.SENT
    assert len(smtp.mails) == 1
