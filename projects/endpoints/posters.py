"""QR posters (二维码海报): a printable A4 page with one big QR code that opens a process or
a proposal page, for the village board and the meeting hall. Seen by whoever may see the page
it points to."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.areas.queries import notice_contact
from core.i18n import gettext as _
from core.permissions import signed_in
from core.templating import render
from projects import permissions
from projects.lookups import process_or_404, proposal_or_404
from projects.models import Phase


async def process_poster(request: Request) -> Response:
    process = await process_or_404(request)
    user = signed_in(request)
    if process.phase == Phase.DRAFT and not (user and user.governs(process.area.path)):
        raise HTTPException(404)
    office, phone = await notice_contact(process.area)
    context = {
        "heading": process.name,
        "lead": _("扫码查看项目、附议、投票和公示结果"),
        "path": f"/processes/{process.id}",
        "office": office,
        "phone": phone,
    }
    return render(request, "projects/poster.html", context)


async def proposal_poster(request: Request) -> Response:
    proposal, process, area = await proposal_or_404(request)
    if not permissions.may_see(signed_in(request), proposal, area.path):
        raise HTTPException(404)
    office, phone = await notice_contact(area)
    context = {
        "heading": proposal.title,
        "lead": _("{village} · {process}：扫码查看这个项目、发表意见").format(
            village=area.name, process=process.name
        ),
        "path": f"/proposals/{proposal.id}",
        "office": office,
        "phone": phone,
    }
    return render(request, "projects/poster.html", context)
