"""What a payee account must look like before finance may pay into it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.forms import Form
from core.i18n import gettext as _

# Bank account numbers as banks print them: digits, often grouped by spaces or dashes.
ACCOUNT_DIGITS = re.compile(r"[0-9]{8,30}", re.ASCII)
GROUPING = re.compile(r"[\s\-]")


@dataclass(frozen=True)
class PayeeEntry:
    account_name: str
    bank: str
    account_number: str


def account_digits(raw: str) -> str:
    """ "6222 0202-0000 1234" → "6222020200001234": the grouping people type goes."""
    return GROUPING.sub("", raw)


def checked_entry(form: Form) -> PayeeEntry:
    """The account from the form; a mistyped number is caught by typing it twice (bank
    accounts of collectives carry no checksum that holds across banks)."""
    name = form.text("account_name", _("户名"), max_length=100)
    bank = form.text("bank", _("开户银行"), max_length=100)
    number = account_digits(form.values.get("account_number", ""))
    again = account_digits(form.values.get("account_number_again", ""))
    if not number:
        form.add_error("account_number", _("请填写银行账号"))
    elif not ACCOUNT_DIGITS.fullmatch(number):
        form.add_error("account_number", _("银行账号只能是 8 到 30 位数字"))
    elif number != again:
        form.add_error("account_number_again", _("两次输入的账号不一致，请核对存折或开户许可证"))
    return PayeeEntry(name, bank, number)
