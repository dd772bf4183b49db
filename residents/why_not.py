"""Why a person may not take part here, and what to do about it — in words for the page.

The decision itself stays with each package's permission function (propose, support,
comment, vote, object); the page asks this module only *after* that function said no, to
say why and to offer the next step instead of a button that would end on a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from core.i18n import gettext as _
from core.models import Area
from core.principal import Principal
from residents.eligibility import verified_entry


@dataclass(frozen=True)
class WhyNot:
    why: str
    todo: str  # the next step's words; empty when there is nothing the person can do
    href: str = ""


async def why_not(user: Principal | None, area: Area, here: str, *, doing: str) -> WhyNot:
    """`doing`: what was not offered, e.g. "提项目"; `here`: the page to come back to."""
    if user is None:
        return WhyNot(
            _("{doing}需要先登录，并完成居民核验。").format(doing=doing),
            _("登录"),
            f"/login?next={quote(here, safe='/')}",
        )
    entry = await verified_entry(user.id)
    if entry is None:
        return WhyNot(
            _("{doing}需要先完成居民核验（与居民名册核对身份）。").format(doing=doing),
            _("去核验"),
            "/verify",
        )
    home: Area = await entry.area
    if not str(home.path).startswith(str(area.path)):
        return WhyNot(
            _("您核验的居住地是{home}，不在{area}范围内；这里的事由{area}的居民参与。").format(
                home=home.name, area=area.name
            ),
            _("看看您所在地区的批次"),
            "/processes",
        )
    return WhyNot(_("您目前不能在这里{doing}。").format(doing=doing), "")


def age_not_reached(min_age: int) -> WhyNot:
    return WhyNot(_("投票须年满 {n} 周岁，您还未到这个年龄。").format(n=min_age), "")
