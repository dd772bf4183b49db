"""Admin pages for the area tree: list, add, edit, import from CSV/XLSX."""

from __future__ import annotations

import re

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.areas import queries, services
from core.areas.importer import CODE_RE, KIND_WORDS, PARENT_KINDS, AreaRow, validate_areas
from core.flash import flash
from core.forms import Form, read_form
from core.i18n import N_
from core.i18n import gettext as _
from core.models import Area, AreaKind, Role
from core.permissions import current_user, requires
from core.tabular import CellError, TableError, read_table
from core.templating import render
from core.uploads import safe_original_name

# A landline with or without its area code (and extension), a mobile, a 400/800 line, or a
# five-digit service hotline such as 12345: what a villager can dial.
PHONE_RE = re.compile(
    r"(0[0-9]{2,3}-?)?[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9}|[48]00-?[0-9]{3}-?[0-9]{4}|1[0-9]{4}",
    re.ASCII,
)

KIND_LABELS = {
    AreaKind.DISTRICT: N_("区/县"),
    AreaKind.STREET: N_("街道"),
    AreaKind.TOWNSHIP: N_("镇/乡"),
    AreaKind.COMMUNITY: N_("社区"),
    AreaKind.VILLAGE: N_("村"),
}


@requires(Role.ADMIN)
async def area_list(request: Request) -> Response:
    areas = await queries.area_tree()
    rows = [(area, queries.depth(area)) for area in areas]
    return render(request, "areas/list.html", {"rows": rows, "kind_labels": KIND_LABELS})


def _check_area_form(form: Form, *, new: bool) -> tuple[int, int]:
    """Checks the form; returns (population, households) as parsed ("1,200" is 1200)."""
    form.text("name", _("名称"), max_length=64)
    population = form.integer("population", _("人口"), maximum=10**8)
    households = form.integer("households", _("户数"), maximum=10**8)
    if households > population:
        form.add_error("households", _("户数不能多于人口"))
    if not new:
        form.text("office_name", _("发布单位"), max_length=64, required=False)
        phone = form.values["contact_phone"] = form.values.get("contact_phone", "").replace(" ", "")
        if phone and not PHONE_RE.fullmatch(phone):
            form.add_error(
                "contact_phone", _("联系电话应为座机（如 0531-87654321）、手机或服务热线号码")
            )
    if new:
        if not CODE_RE.fullmatch(form.values.get("code", "")):
            form.add_error("code", _("行政区划代码应为 12 位数字"))
        if form.values.get("kind") not in {k.value for k in AreaKind}:
            form.add_error("kind", _("请选择类型"))
    return population, households


async def _parents() -> list[Area]:
    kinds = {k for allowed in PARENT_KINDS.values() for k in allowed}
    return await Area.filter(kind__in=list(kinds)).order_by("path")


@requires(Role.ADMIN)
async def area_new(request: Request) -> Response:
    form = Form(values={"population": "0", "households": "0"})
    if request.method == "POST":
        form, _data = await read_form(request)
        population, households = _check_area_form(form, new=True)
        if form.ok:
            row = AreaRow(
                code=form.values["code"],
                name=form.values["name"],
                kind=AreaKind(form.values["kind"]),
                parent_code=form.values.get("parent", ""),
                population=population,
                households=households,
            )
            try:
                area = await services.area_create(current_user(request), row)
            except services.AreaRuleError as exc:
                form.add_error(exc.field, str(exc))
            else:
                flash(request, _("已添加区域 {name}").format(name=area.name))
                return RedirectResponse("/admin/areas", status_code=303)
    context = {"form": form, "parents": await _parents(), "kind_labels": KIND_LABELS}
    return render(request, "areas/form.html", context, status_code=200 if form.ok else 400)


@requires(Role.ADMIN)
async def area_edit(request: Request) -> Response:
    code = request.path_params["code"]
    area = await Area.get_or_none(code=code) if CODE_RE.fullmatch(code) else None
    if area is None:
        raise HTTPException(404)
    form = Form(
        values={
            "name": area.name,
            "population": str(area.population),
            "households": str(area.households),
            "office_name": area.office_name,
            "contact_phone": area.contact_phone,
        }
    )
    if request.method == "POST":
        form, _data = await read_form(request)
        population, households = _check_area_form(form, new=False)
        if form.ok:
            await services.area_update(
                current_user(request),
                area,
                name=form.values["name"],
                population=population,
                households=households,
                office_name=form.values.get("office_name", ""),
                contact_phone=form.values.get("contact_phone", ""),
            )
            flash(request, _("已保存 {name}").format(name=area.name))
            return RedirectResponse("/admin/areas", status_code=303)
    context = {"form": form, "area": area, "kind_labels": KIND_LABELS}
    return render(request, "areas/form.html", context, status_code=200 if form.ok else 400)


@requires(Role.ADMIN)
async def area_import(request: Request) -> Response:
    errors: list[CellError] = []
    problem = ""
    if request.method == "POST":
        _form, data = await read_form(request)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            problem = _("请选择要上传的 CSV 或 XLSX 文件")
        else:
            filename = safe_original_name(upload.filename)  # it goes into the audit log
            try:
                frame = read_table(filename, await upload.read())
            except TableError as exc:
                problem = str(exc)
            else:
                rows, errors = validate_areas(frame, await queries.known_kinds())
                if not errors and not rows:
                    problem = _("文件中没有数据行")
                elif not errors:
                    created, updated = await services.areas_import(
                        current_user(request), rows, filename
                    )
                    message = _("导入完成：新增 {created} 个，更新 {updated} 个区域")
                    flash(request, message.format(created=created, updated=updated))
                    return RedirectResponse("/admin/areas", status_code=303)
    context = {"errors": errors, "problem": problem, "kind_words": sorted(KIND_WORDS)}
    status = 400 if errors or problem else 200
    return render(request, "areas/import.html", context, status_code=status)
