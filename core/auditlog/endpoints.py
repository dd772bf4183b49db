"""Admins read the audit log, filtered by action, person and date, and export it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from core import audit
from core.auditlog import exports
from core.auditlog.diff import changes
from core.auditlog.labels import action_label, target_label
from core.auditlog.queries import filter_values, filtered
from core.clock import CHINA
from core.exports import MEDIA, content_disposition, download
from core.flash import flash
from core.forms import parse_id
from core.i18n import gettext as _
from core.models import AuditEntry, Role
from core.permissions import current_user, requires
from core.templating import render

PAGE_SIZE = 50


@requires(Role.ADMIN)
async def audit_list(request: Request) -> Response:
    params = dict(request.query_params)
    page = max(1, parse_id(params.get("page")) or 1)
    entries = filtered(params)
    total = await entries.count()
    rows = await entries.order_by("-id").offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    codes = await AuditEntry.all().distinct().order_by("action").values_list("action", flat=True)
    context = {
        "entries": [(entry, changes(entry)) for entry in rows],
        "action_label": action_label,
        "target_label": target_label,
        "params": params,
        "page": page,
        "total": total,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "actions": [(action_label(str(code)), str(code)) for code in codes],
        "export_query": urlencode(filter_values(params)),
    }
    return render(request, "auditlog/list.html", context, block="results")


@requires(Role.ADMIN)
async def audit_export(request: Request) -> Response:
    """The filtered log as CSV (/admin/audit.csv) or XLSX (/admin/audit.xlsx)."""
    kind = "csv" if request.url.path.endswith(".csv") else "xlsx"
    filters = filter_values(dict(request.query_params))
    entries = filtered(filters)
    total = await entries.count()
    back = f"/admin/audit?{urlencode(filters)}"
    if total > exports.EXPORT_LIMIT:
        message = _("共 {n} 条记录，超过单次导出上限 {limit} 条，请缩小日期范围后再导出。")
        flash(request, message.format(n=total, limit=exports.EXPORT_LIMIT), "error")
        return RedirectResponse(back, status_code=303)
    newest = await entries.order_by("-id").first()
    top_id = newest.id if newest else 0  # what is exported; this export's own entry is not
    await audit.record(
        current_user(request),
        "audit.export",
        ("audit_entry", kind),
        f"导出审计日志（{kind.upper()}，{total} 条）",
        after={**filters, "rows": total},
    )
    stamp = dt.datetime.now(CHINA).strftime("%Y%m%d-%H%M")
    filename = f"audit-{stamp}.{kind}"
    if kind == "csv":
        return StreamingResponse(
            exports.csv_stream(entries, top_id),
            media_type=MEDIA["csv"],
            headers={"Content-Disposition": content_disposition(filename)},
        )
    return download(await exports.xlsx_bytes(entries, top_id), filename)
