"""Validation of the account forms (messages in Chinese)."""

from __future__ import annotations

from core.forms import Form, parse_id
from core.i18n import gettext as _
from core.models import Area, AreaKind

MIN_PASSWORD = 8
LIVING_AREAS = (AreaKind.COMMUNITY, AreaKind.VILLAGE)


async def check_registration(form: Form) -> int:
    """Validate; returns the chosen home area id (0 if invalid)."""
    form.text("name", _("姓名"), max_length=50)
    form.mobile()
    check_new_password(form)
    check_code(form)
    if form.values.get("agree") != "yes":
        form.add_error("agree", _("请阅读并勾选同意《隐私政策》"))
    return await _home_area(form)


async def _home_area(form: Form) -> int:
    area_id = parse_id(form.values.get("home_area"))
    area = None
    if area_id is not None:
        area = await Area.get_or_none(id=area_id, kind__in=list(LIVING_AREAS))
    if area is None:
        form.add_error("home_area", _("请选择您居住的村或社区"))
        return 0
    return area.id


def check_new_password(form: Form, name: str = "password", again: str = "password2") -> str:
    """A new password: long enough, not too long, typed the same twice."""
    password = form.values.get(name, "")
    if len(password) < MIN_PASSWORD:
        form.add_error(name, _("密码至少 {n} 位").format(n=MIN_PASSWORD))
    elif len(password) > 128:
        form.add_error(name, _("密码不能超过 128 位"))
    elif password != form.values.get(again, ""):
        form.add_error(again, _("两次输入的密码不一致"))
    return password


def check_code(form: Form, name: str = "code") -> str:
    code = form.values[name] = form.values.get(name, "").replace(" ", "")
    if not code:
        form.add_error(name, _("请输入短信验证码"))
    return code
