"""The printable 公示 notice for a village board: its title, signer, date and QR code."""

from __future__ import annotations

import datetime as dt

from core.areas.queries import notice_contact
from core.clock import today
from core.i18n import gettext as _
from projects.models import Process
from projects.publicity import window_of

# Words that already say "this is about 一事一议 subsidies": the title must not say it twice.
ALREADY_SAID = ("一事一议", "奖补")


def notice_title(process_name: str) -> str:
    """ "关于2027 年度民生实事参与式预算一事一议财政奖补项目的公示", but for a batch already
    named "2026 年度一事一议奖补项目", "关于2026 年度一事一议奖补项目拟奖补名单的公示"."""
    name = process_name.strip()
    if any(word in name for word in ALREADY_SAID):
        return _("关于{name}拟奖补名单的公示").format(name=name)
    return _("关于{name}一事一议财政奖补项目的公示").format(name=name)


async def notice_context(process: Process) -> dict[str, object]:
    window = await window_of(process)
    office, phone = await notice_contact(process.area)
    issued: dt.date = window[0] if window else today()
    return {
        "title": notice_title(process.name),
        "window": window,
        "office": office,
        "phone": phone,
        "issued": issued,
        "objection_path": f"/processes/{process.id}/objections",
    }
