"""Roster files as a stream of chunks, so a million rows never sit in memory at once.

Web uploads are small (``YISHI_MAX_UPLOAD_BYTES``) and go through `core.tabular.read_table`
like every other table; the command line reads large CSV files chunk by chunk, with the
same encodings and the same refusals. XLSX is read whole (Excel stops at 1,048,576 rows).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from core.i18n import gettext as _
from core.tabular import CSV_ENCODINGS, XLSX_MAGIC, TableError, read_table

CHUNK_ROWS = 50_000
_PROBE = 1 << 20  # decode in 1 MiB slices: checks the encoding without a copy of the file


@dataclass(frozen=True)
class RosterSource:
    filename: str
    chunks: Iterator[pd.DataFrame]  # consecutive row indexes across chunks, from 0
    rows: int  # for progress; exact for a table read whole, an estimate for streamed CSV


def from_frame(filename: str, frame: pd.DataFrame, size: int = CHUNK_ROWS) -> RosterSource:
    chunks = (frame.iloc[start : start + size] for start in range(0, len(frame), size))
    return RosterSource(filename, chunks, len(frame))


def from_upload(filename: str, data: bytes) -> RosterSource:
    return from_frame(filename, read_table(filename, data))


def from_bytes(filename: str, data: bytes, size: int = CHUNK_ROWS) -> RosterSource:
    """XLSX whole; CSV (UTF-8 or GBK) streamed."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xls")):
        return from_frame(filename, read_table(filename, data), size)
    if not data:
        raise TableError(_("文件是空的"))
    if b"\x00" in data:
        raise TableError(_("文件中含有无效字符（NUL），请检查是否为文本 CSV 文件"))
    encoding = _encoding_of(data)
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    return RosterSource(filename, _csv_chunks(data, encoding, size), max(0, lines - 1))


def _encoding_of(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _PROBE):
                decoder.decode(data[start : start + _PROBE])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TableError(_("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV"))


def _csv_chunks(data: bytes, encoding: str, size: int) -> Iterator[pd.DataFrame]:
    try:
        reader = pd.read_csv(
            io.BytesIO(data), encoding=encoding, dtype=str, keep_default_na=False, chunksize=size
        )
        with reader:
            for chunk in reader:
                chunk.columns = [str(c).strip() for c in chunk.columns]
                yield chunk
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise TableError(_("CSV 文件格式有误：{error}").format(error=exc)) from exc
