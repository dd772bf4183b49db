"""How an SMS code reaches the phone. Accounts sit below notify (which owns the SMS
gateways), so the app registers the sender here (``app.wiring``) and accounts call it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.accounts.models import CodePurpose

CodeSender = Callable[[str, CodePurpose, str], Awaitable[None]]

_sender: list[CodeSender] = []


def on_send_code(sender: CodeSender) -> None:
    """Install the one sender (installing again replaces it: ``wiring.install`` is idempotent)."""
    _sender[:] = [sender]


async def send_code(mobile: str, purpose: CodePurpose, code: str) -> None:
    if not _sender:
        raise RuntimeError("no SMS code sender is wired (app.wiring.install)")
    await _sender[0](mobile, purpose, code)


AccountListener = Callable[[int, str], Awaitable[None]]

_account_listener: list[AccountListener] = []


def on_account_change(listener: AccountListener) -> None:
    """Install who hears of a changed password or number (the app: a security notice)."""
    _account_listener[:] = [listener]


async def account_changed(user_id: int, action: str) -> None:
    """Called inside the change's transaction with its audit action (``account.…``)."""
    for listener in _account_listener:
        await listener(user_id, action)
