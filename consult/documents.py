"""Attached draft documents (征求意见稿): PDF, DOCX or XLSX, recognised by their content.

The type comes from the bytes, never from the name or the browser's claim; the file is
kept under a generated name in ``var/uploads/consult``, so a client's filename never
reaches a path on disk.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from core import settings
from core.exports import MEDIA
from core.i18n import gettext as _
from core.refusals import Refused

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": MEDIA["xlsx"],
}
# The part each Office Open XML package must contain to be that kind of document.
OOXML_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
NAME_MAX = 120


class DocumentRefused(Refused):
    """Why the file was not accepted, in words for the person who uploaded it."""


@dataclass(frozen=True)
class StoredDocument:
    kind: str
    stored_name: str
    original_name: str
    size: int
    sha256: str


def document_dir() -> Path:
    path = settings.VAR_DIR / "uploads" / "consult"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff_kind(data: bytes) -> str | None:
    """pdf | docx | xlsx from the content, or None for anything else."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())  # the central directory only: nothing unpacked
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, marker in OOXML_MARKERS.items() if marker in names), None)


def display_name(name: str | None, kind: str) -> str:
    """The client's name, reduced to something safe to show and offer as download name."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip()
    stem = cleaned.rsplit(".", 1)[0] if "." in cleaned else cleaned
    return f"{(stem or _('附件'))[: NAME_MAX - 6]}.{kind}"


async def store_document(upload: UploadFile) -> StoredDocument:
    data = await upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if not data:
        raise DocumentRefused(_("请选择要上传的文件"))
    if len(data) > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES / (1024 * 1024)
        raise DocumentRefused(_("文件不能超过 {n:g} MB").format(n=limit))
    kind = sniff_kind(data)
    if kind is None:
        raise DocumentRefused(_("只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件"))
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    (document_dir() / stored_name).write_bytes(data)
    return StoredDocument(
        kind=kind,
        stored_name=stored_name,
        original_name=display_name(upload.filename, kind),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def document_path(stored_name: str) -> Path | None:
    """The file behind a stored name; anything that is not one of our names is refused."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name[0] == ".":
        return None
    path = document_dir() / stored_name
    return path if path.is_file() else None


def remove_file(stored_name: str) -> None:
    path = document_path(stored_name)
    if path is not None:
        path.unlink(missing_ok=True)
