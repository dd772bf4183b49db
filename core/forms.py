"""Small form helpers: keep what the user typed, collect Chinese messages per field."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.amounts import AmountUnreadable, FinerThanFen, parse_fen
from core.csrf import PARSED_FORM
from core.i18n import gettext as _

E = TypeVar("E", bound=StrEnum)
# ASCII digits only: Python's \d also takes "１３８…" and other scripts' digits.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
ID_RE = re.compile(r"[0-9]{1,9}")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Form:
    """Submitted values (as typed) and the errors found in them."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, label: str, *, max_length: int, required: bool = True) -> str:
        value = self.values.get(name, "")
        if required and not value:
            self.add_error(name, _("请填写{label}").format(label=label))
        elif len(value) > max_length:
            message = _("{label}不能超过 {n} 个字").format(label=label, n=max_length)
            self.add_error(name, message)
        return value

    def integer(self, name: str, label: str, *, minimum: int = 0, maximum: int = 10**12) -> int:
        raw = self.values.get(name, "").replace(",", "")
        if not raw:
            self.add_error(name, _("请填写{label}").format(label=label))
            return 0
        if not re.fullmatch(r"-?\d{1,15}", raw):
            self.add_error(name, _("{label}必须是整数").format(label=label))
            return 0
        value = int(raw)
        if not minimum <= value <= maximum:
            message = _("{label}应在 {low:,} 到 {high:,} 之间")
            self.add_error(name, message.format(label=label, low=minimum, high=maximum))
        return value

    def optional_integer(self, name: str, label: str, *, maximum: int = 10**9) -> int:
        """A count that may be left empty (0) while a draft is unfinished."""
        if not self.values.get(name, "").strip():
            return 0
        return self.integer(name, label, minimum=0, maximum=maximum)

    def money(self, name: str, label: str, *, required: bool = True) -> int:
        """An amount as people write it ("5万", "5.2万元", "50,000", "¥50000") → integer fen."""
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.add_error(name, _("请填写{label}").format(label=label))
            return 0
        try:
            return parse_fen(raw)
        except FinerThanFen:
            self.add_error(name, _("{label}最多两位小数（到分）").format(label=label))
            return 0
        except AmountUnreadable:
            self.add_error(
                name,
                _("{label}看不懂：请写成 50000、5万 或 5.2万元 这样的金额（最多到分）").format(
                    label=label
                ),
            )
            return 0

    def date(self, name: str, label: str, *, required: bool = True) -> dt.date | None:
        raw = self.values.get(name, "")
        if not raw:
            if required:
                self.add_error(name, _("请填写{label}").format(label=label))
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.add_error(name, _("{label}不是有效日期").format(label=label))
            return None

    def choice(self, name: str, label: str, enum: type[E]) -> E | None:
        raw = self.values.get(name, "")
        try:
            return enum(raw)
        except ValueError:
            self.add_error(name, _("请选择{label}").format(label=label))
            return None

    def mobile(self, name: str = "mobile") -> str:
        # Kept without the spaces people type ("139 0000 0001"): that is what gets stored.
        value = self.values[name] = self.values.get(name, "").replace(" ", "")
        if not MOBILE_RE.fullmatch(value):
            self.add_error(name, _("请输入 11 位手机号码"))
        return value


def parse_id(raw: str | None) -> int | None:
    """An id or page number from a form or query string: ASCII digits that fit the database.

    ``str.isdigit`` is not enough: it takes "²" (which ``int`` refuses) and any number of
    digits (which overflow the integer columns).
    """
    return int(raw) if raw and ID_RE.fullmatch(raw) else None


def clean(value: str) -> str:
    """Strip surrounding space and control characters (NUL and friends) from a field."""
    return _CONTROL_RE.sub("", value).strip()


MAX_FIELDS = 500


async def read_form(request: Request) -> tuple[Form, FormData]:
    form_data = request.scope.get(PARSED_FORM)
    if not isinstance(form_data, FormData):
        form_data = await request.form(max_files=20, max_fields=MAX_FIELDS)
    elif len(form_data.multi_items()) > MAX_FIELDS:  # as Starlette's parser would refuse it
        raise HTTPException(400, f"Too many fields. Maximum number of fields is {MAX_FIELDS}.")
    values = {k: clean(v) for k, v in form_data.multi_items() if isinstance(v, str)}
    return Form(values=values), form_data
