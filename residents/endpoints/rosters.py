"""The staff roster page (/desk/rosters): figures per village, and the upload.

Uploads are for ordinary files (up to ``YISHI_MAX_UPLOAD_BYTES``, some 200,000 rows) and
finish within the request; a county-sized file goes through ``yishi roster import``, which
shows a progress bar.
"""

from __future__ import annotations

from dataclasses import asdict

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core import settings
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import gettext as _
from core.models import Area, Role
from core.permissions import current_user, requires
from core.tabular import CellError, TableError
from core.templating import render
from core.uploads import human_size, safe_original_name
from residents import queries, reading
from residents.services import ImportReport, NotYourArea, roster_import
from residents.validation import COLUMNS


def imported_message(report: ImportReport) -> str:
    counts = report.counts
    assert counts is not None
    message = _(
        "名册已导入：共 {rows} 行，新增 {added} 人，更新 {updated} 人，"
        "未变 {unchanged} 人，移出 {removed} 人。"
    ).format(rows=report.rows, **asdict(counts))
    if counts.kept:
        message += _("另有 {kept} 人不在新名册中，但已核验或已投票，予以保留。").format(
            kept=counts.kept
        )
    return message


def _chosen_scope(form: Form, scopes: list[Area]) -> Area | None:
    chosen = next((a for a in scopes if str(a.id) == form.values.get("scope")), None)
    if chosen is None:
        form.add_error("scope", _("请选择名册所属的区域"))
    return chosen


async def _read_upload(form: Form, upload: object) -> tuple[str, bytes] | None:
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.add_error("file", _("请选择要上传的 CSV 或 XLSX 文件"))
        return None
    data = await upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        form.add_error(
            "file",
            _(
                "文件超过 {limit}。更大的名册请由管理员在服务器上用命令 yishi roster import 导入。"
            ).format(limit=human_size(settings.MAX_UPLOAD_BYTES)),
        )
        return None
    return safe_original_name(upload.filename), data  # it goes into the audit log


@requires(Role.OFFICIAL)
async def roster_desk(request: Request) -> Response:
    user = current_user(request)
    scopes = await queries.scopes(user)
    form = Form(values={"scope": str(scopes[0].id) if scopes else ""})
    errors: list[CellError] = []
    error_count = 0
    if request.method == "POST":
        form, data = await read_form(request)
        scope = _chosen_scope(form, scopes)
        upload = await _read_upload(form, data.get("file"))
        if scope is not None and upload is not None:
            try:
                report = await roster_import(user, scope, reading.from_upload(*upload))
            except TableError as exc:
                form.add_error("file", str(exc))
            except NotYourArea as exc:
                raise HTTPException(403) from exc
            else:
                if report.ok:
                    flash(request, imported_message(report))
                    return RedirectResponse("/desk/rosters", status_code=303)
                errors, error_count = report.errors, report.error_count
    context = {
        "form": form,
        "scopes": scopes,
        "figures": await queries.figures(user),
        "errors": errors,
        "error_count": error_count,
        "column_names": [names[0] for names in COLUMNS.values()],
        "limit": human_size(settings.MAX_UPLOAD_BYTES),
    }
    status = 400 if errors or not form.ok else 200
    return render(request, "residents/rosters.html", context, status_code=status)
