"""Reading uploaded CSV/XLSX tables (areas, rosters) into text-only DataFrames.

Everything is read as text so codes keep their leading digits; Excel's habit of saving
CSV as GBK is handled, and a file that is neither is refused with a clear message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from core.forms import clean
from core.i18n import gettext as _
from core.refusals import Refused

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_MAGIC = b"PK\x03\x04"
# An .xlsx is a zip, and a zip of a few kilobytes can unpack to gigabytes (a zip bomb). A
# 10 MB sheet unpacks to some 100 MB; anything bigger is refused before it is parsed.
XLSX_UNPACKED_MAX = 256 * 1024 * 1024


class TableError(Refused):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class CellError:
    """One problem, where a clerk can find it: spreadsheet row (header is row 1) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("第 {row} 行「{column}」：{message}").format(
            row=self.row, column=self.column, message=self.message
        )


def read_table(filename: str, data: bytes) -> pd.DataFrame:
    if not data:
        raise TableError(_("文件是空的"))
    if data.startswith(XLSX_MAGIC):
        frame = _read_xlsx(data)
    elif filename.lower().endswith((".xlsx", ".xls")):
        raise TableError(_("无法识别的 Excel 文件，请另存为 .xlsx 或 CSV 后再上传"))
    else:
        frame = _read_csv(data)
    frame.columns = [clean(str(c)) for c in frame.columns]
    # Control characters go, as from every form field (and openpyxl cannot write them back).
    return frame.fillna("").map(lambda v: clean(str(v)))


def _read_xlsx(data: bytes) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # The sizes the zip declares bound what it unpacks: zipfile stops there.
            unpacked = sum(item.file_size for item in package.infolist())
        if unpacked > XLSX_UNPACKED_MAX:
            raise TableError(_("Excel 文件解压后过大，请另存为 CSV 后再上传"))
        return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
    except TableError:
        raise
    except Exception as exc:  # a damaged file breaks zlib, the XML parser, openpyxl… anywhere
        raise TableError(_("Excel 文件已损坏或格式不对，无法读取")) from exc


def _read_csv(data: bytes) -> pd.DataFrame:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise TableError(_("文件中含有无效字符（NUL），请检查是否为文本 CSV 文件"))
        try:
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TableError(_("CSV 文件格式有误：{error}").format(error=exc)) from exc
    raise TableError(_("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV"))


def pick_columns(frame: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map our field names to the file's headers (Chinese or English); missing ones absent."""
    lowered = {c.lower(): c for c in frame.columns}
    found: dict[str, str] = {}
    for field_name, names in aliases.items():
        for name in names:
            if name.lower() in lowered:
                found[field_name] = lowered[name.lower()]
                break
    return found
