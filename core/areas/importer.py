"""Validating an area table before anything is written: all rows good, or none imported."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from core.i18n import gettext as _
from core.models import AreaKind
from core.tabular import CellError, pick_columns

CODE_RE = re.compile(r"^[0-9]{12}$")  # ASCII: \d would take "３７０…" too


def area_code_option(_ctx: object, _param: object, value: str | None) -> str | None:
    """A click callback for ``--area``: a clear message instead of a database error."""
    import click  # the command line only

    from core.i18n import command_text as _  # a command's words: YISHI_LOCALE's language

    if value is not None and not CODE_RE.fullmatch(value):
        raise click.BadParameter(_("区域代码应为 12 位数字，例如 370104000000"))
    return value


COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("代码", "行政区划代码", "code"),
    "name": ("名称", "name"),
    "kind": ("类型", "层级", "kind"),
    "parent_code": ("上级代码", "parent_code", "parent"),
    "population": ("人口", "population"),
    "households": ("户数", "households"),
}
REQUIRED = ("code", "name", "kind")

KIND_WORDS: dict[str, AreaKind] = {
    "区": AreaKind.DISTRICT,
    "县": AreaKind.DISTRICT,
    "区/县": AreaKind.DISTRICT,
    "街道": AreaKind.STREET,
    "镇": AreaKind.TOWNSHIP,
    "乡": AreaKind.TOWNSHIP,
    "社区": AreaKind.COMMUNITY,
    "村": AreaKind.VILLAGE,
    "subdistrict": AreaKind.STREET,
    "town": AreaKind.TOWNSHIP,
} | {kind.value: kind for kind in AreaKind}

# Which kinds may stand directly above each kind.
PARENT_KINDS: dict[AreaKind, tuple[AreaKind, ...]] = {
    AreaKind.DISTRICT: (),
    AreaKind.STREET: (AreaKind.DISTRICT,),
    AreaKind.TOWNSHIP: (AreaKind.DISTRICT,),
    AreaKind.COMMUNITY: (AreaKind.STREET, AreaKind.TOWNSHIP),
    AreaKind.VILLAGE: (AreaKind.STREET, AreaKind.TOWNSHIP),
}


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    kind: AreaKind
    parent_code: str
    population: int
    households: int


def validate_areas(
    frame: pd.DataFrame, known_kinds: dict[str, AreaKind]
) -> tuple[list[AreaRow], list[CellError]]:
    """Check every row; `known_kinds` maps codes already in the database to their kind."""
    columns = pick_columns(frame, COLUMNS)
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        return [], [CellError(1, "、".join(missing), _("缺少必需的列"))]
    numbered: list[tuple[int, AreaRow]] = []
    errors: list[CellError] = []
    for index, record in enumerate(frame.to_dict("records"), start=2):
        row = _check_row(index, record, columns, errors)
        if row:
            numbered.append((index, row))
    kinds = known_kinds | {row.code: row.kind for _i, row in numbered}
    _check_codes_unique(frame, columns, errors)
    for index, row in numbered:
        _check_parent(index, row, kinds, columns, errors)
    errors.sort(key=lambda e: e.row)
    return [row for _i, row in numbered], errors


def _check_row(
    index: int, record: dict[str, str], columns: dict[str, str], errors: list[CellError]
) -> AreaRow | None:
    def cell(field_name: str) -> str:
        return str(record.get(columns.get(field_name, ""), "")).strip()

    code, name, kind_word = cell("code"), cell("name"), cell("kind")
    if not CODE_RE.fullmatch(code):
        errors.append(CellError(index, columns["code"], _("行政区划代码应为 12 位数字")))
    if not name or len(name) > 64:
        errors.append(CellError(index, columns["name"], _("名称不能为空，且不超过 64 个字")))
    kind = KIND_WORDS.get(kind_word)
    if kind is None:
        message = _("类型应为 区/县、街道、镇/乡、社区 或 村")
        errors.append(CellError(index, columns["kind"], message))
    population = _count(index, cell("population"), columns.get("population"), errors)
    households = _count(index, cell("households"), columns.get("households"), errors)
    if households > population > 0:
        errors.append(CellError(index, columns["households"], _("户数不能多于人口")))
    if kind is None:
        return None
    # Returned even when other cells are wrong, so its parent is checked too and the
    # clerk sees every problem at once; nothing is written unless there are no errors.
    return AreaRow(code, name, kind, cell("parent_code"), population, households)


def _count(index: int, raw: str, column: str | None, errors: list[CellError]) -> int:
    if not raw or column is None:
        return 0
    if raw.endswith(".0"):  # Excel numbers arrive as "1234.0"
        raw = raw[:-2]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        errors.append(CellError(index, column, _("应为不小于 0 的整数")))
        return 0
    return int(raw)


def _check_codes_unique(
    frame: pd.DataFrame, columns: dict[str, str], errors: list[CellError]
) -> None:
    seen: dict[str, int] = {}
    for index, code in enumerate(frame[columns["code"]], start=2):
        if code in seen:
            message = _("代码与第 {row} 行重复").format(row=seen[code])
            errors.append(CellError(index, columns["code"], message))
        seen.setdefault(code, index)


def _check_parent(
    index: int,
    row: AreaRow,
    kinds: dict[str, AreaKind],
    columns: dict[str, str],
    errors: list[CellError],
) -> None:
    allowed = PARENT_KINDS[row.kind]
    column = columns.get("parent_code", COLUMNS["parent_code"][0])
    if not allowed:
        if row.parent_code:
            errors.append(CellError(index, column, _("区/县不应填写上级代码")))
        return
    parent_kind = kinds.get(row.parent_code)
    if parent_kind is None:
        message = _("找不到上级区域 {code}").format(code=row.parent_code or _("（空）"))
        errors.append(CellError(index, column, message))
    elif parent_kind not in allowed:
        errors.append(CellError(index, column, _("上级区域的类型不对")))
