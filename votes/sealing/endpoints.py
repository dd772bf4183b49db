"""The opening page (开箱): admins type in the committee's shares after the close."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.flash import flash
from core.forms import read_form
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from core.templating import render
from projects.lookups import process_or_404
from votes.sealing import opening
from votes.sealing.models import ElectionKey


@requires(Role.ADMIN)
async def ballots_open(request: Request) -> Response:
    process = await process_or_404(request)
    key = await ElectionKey.get_or_none(process_id=process.id)
    context: dict[str, object] = {"process": process, "key": key, "errors": []}
    if request.method == "POST":
        form, _data = await read_form(request)
        made = key.shares_made if key else 0
        texts = [form.values.get(f"share_{n}", "")[:400] for n in range(1, made + 1)]
        try:
            count = await opening.ballots_open(current_user(request), process, texts)
        except opening.OpeningRefused as exc:
            context["errors"] = [str(exc)]
            response = render(request, "votes/ballots_open.html", context, status_code=400)
        else:
            flash(request, _("开箱完成：{n} 张选票已进入计票。").format(n=count))
            return RedirectResponse("/admin/processes", status_code=303)
    else:
        response = render(request, "votes/ballots_open.html", context)
    response.headers["Cache-Control"] = "no-store"  # the shares typed in are never cached
    return response
