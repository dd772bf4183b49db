"""附议 buttons: htmx swaps the support box; without JavaScript, a redirect back."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.flash import flash
from core.htmx import is_htmx
from core.i18n import gettext as _
from core.permissions import current_user, login_required
from core.templating import render
from projects import permissions, queries
from projects.lookups import label_context, proposal_or_404
from projects.models import Proposal
from projects.services import supports as service


@login_required
async def support_toggle(request: Request) -> Response:
    user = current_user(request)
    proposal, process, _area = await proposal_or_404(request)
    if not await permissions.may_support(user, process.area):
        raise HTTPException(
            403, _("只有本批次范围内已核验的居民可以附议；还没有核验的，请先到“我的”完成居民核验。")
        )
    adding = request.url.path.endswith("/support")
    message = None
    try:
        if adding:
            await service.support_add(user, proposal, process)
        else:
            await service.support_remove(user, proposal, process)
    except service.SupportRuleError as exc:
        message = str(exc)
    if not is_htmx(request):
        if message:
            flash(request, message, "error")
        return RedirectResponse(f"/proposals/{proposal.id}#support", status_code=303)
    fresh = await Proposal.get(id=proposal.id)
    context = {
        "proposal": fresh,
        "process": process,
        "may_support": True,
        "error": message,
        "is_author": permissions.is_author(user, fresh),
        "supported": await queries.has_supported(user, fresh),
        **label_context(),
    }
    return render(request, "projects/proposal_detail.html", context, block="support")
