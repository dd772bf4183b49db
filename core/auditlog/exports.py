"""The audit log as CSV (streamed, UTF-8 with BOM) or XLSX, filtered like the page.

Exports read the log in batches by id (newest first), so memory stays flat however long
the log is; a filter matching more than EXPORT_LIMIT entries is refused with a message
asking for a narrower date range rather than cut short silently. Exporting is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from tortoise.queryset import QuerySet

from core.auditlog.diff import changes_text
from core.auditlog.labels import action_label, target_label
from core.clock import CHINA
from core.exports import defuse
from core.i18n import gettext as _
from core.models import AuditEntry

EXPORT_LIMIT = 100_000
BATCH = 2_000
WHEN_FORMAT = "yyyy-mm-dd hh:mm:ss"
WRAP = Alignment(wrap_text=True, vertical="top")


def header() -> list[str]:
    """Words first, as the page shows them; the codes and raw records last, for machines."""
    return [
        _("编号"),
        _("时间"),
        _("操作人"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("说明"),
        _("变更"),
        _("IP 地址"),
        _("操作代码"),
        _("之前（原始记录）"),
        _("之后（原始记录）"),
    ]


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def row(entry: AuditEntry) -> list[Any]:
    """One entry's cells; the time in China time, as the page shows it."""
    when = entry.created_at.astimezone(CHINA).replace(tzinfo=None, microsecond=0)
    return [
        entry.id,
        when,
        entry.actor_name,
        action_label(entry.action),
        target_label(entry.target_type),
        entry.target_id,
        entry.summary,
        changes_text(entry),
        entry.ip,
        entry.action,
        _json(entry.before),
        _json(entry.after),
    ]


async def entries_in_batches(
    entries: QuerySet[AuditEntry], top_id: int
) -> AsyncIterator[list[AuditEntry]]:
    """Every entry of `entries` with id ≤ top_id, newest first, BATCH at a time."""
    cursor = top_id
    while True:
        batch = await entries.filter(id__lte=cursor).order_by("-id").limit(BATCH)
        if not batch:
            return
        yield batch
        cursor = batch[-1].id - 1


def _csv_line(cells: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(
        [
            c.strftime("%Y-%m-%d %H:%M:%S") if isinstance(c, dt.datetime) else defuse(c)
            for c in cells
        ]
    )
    return out.getvalue()


async def csv_stream(entries: QuerySet[AuditEntry], top_id: int) -> AsyncIterator[bytes]:
    yield ("\ufeff" + _csv_line(header())).encode("utf-8")
    async for batch in entries_in_batches(entries, top_id):
        yield "".join(_csv_line(row(e)) for e in batch).encode("utf-8")


def _cells(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=defuse(value))
        if isinstance(value, str) and "\n" in value:  # the changes, a line each
            cell.alignment = WRAP
        if isinstance(value, dt.datetime):
            cell.number_format = WHEN_FORMAT
        cells.append(cell)
    return cells


async def xlsx_bytes(entries: QuerySet[AuditEntry], top_id: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("审计日志"))
    sheet.freeze_panes = "A2"
    widths = (8, 20, 24, 18, 10, 14, 40, 48, 16, 22, 30, 30)
    for letter, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(_cells(sheet, header()))
    async for batch in entries_in_batches(entries, top_id):
        for entry in batch:
            sheet.append(_cells(sheet, row(entry)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
