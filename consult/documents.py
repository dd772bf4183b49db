"""Attached draft documents (征求意见稿): PDF, DOCX or XLSX, recognised by their content.

The type comes from the bytes, never from the name or the browser's claim; the file is
kept under a generated name in core.storage, so a client's filename never reaches a path or
an object key. The names sit in the storage's ``consult/`` folder (``var/uploads/consult``
on disk, ``prefix/consult/`` in a bucket): where documents were written before they went
through core.storage, so those keep being served as they are, and copying ``var/uploads``
into a bucket (README, Deployment) carries them along.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
import zipfile
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from core import settings
from core.exports import MEDIA, content_disposition
from core.i18n import gettext as _
from core.refusals import Refused
from core.storage import StorageUnavailable, storage
from core.uploads import UploadRefused, count_upload

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
FOLDER = "consult"
log = logging.getLogger(__name__)


class DocumentRefused(Refused):
    """Why the file was not accepted, in words for the person who uploaded it."""


@dataclass(frozen=True)
class StoredDocument:
    kind: str
    stored_name: str
    original_name: str
    size: int
    sha256: str


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


async def store_document(upload: UploadFile, uploader: int) -> StoredDocument:
    """Check the file (size, type by content, the uploader's hourly allowance of files),
    then keep it: nothing refused is stored."""
    data = await upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if not data:
        raise DocumentRefused(_("请选择要上传的文件"))
    if len(data) > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES / (1024 * 1024)
        raise DocumentRefused(_("文件不能超过 {n:g} MB").format(n=limit))
    try:
        await count_upload(uploader)
    except UploadRefused as exc:
        raise DocumentRefused(str(exc)) from exc
    kind = sniff_kind(data)
    if kind is None:
        raise DocumentRefused(_("只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件"))
    original_name = display_name(upload.filename, kind)
    try:
        stored_name = await keep(kind, data)
    except StorageUnavailable as exc:
        raise DocumentRefused(
            _("文件「{name}」暂时无法保存，请稍后再试").format(name=original_name)
        ) from exc
    return StoredDocument(
        kind=kind,
        stored_name=stored_name,
        original_name=original_name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


async def keep(kind: str, data: bytes) -> str:
    """Write checked bytes under a new generated name, which is returned (StorageUnavailable
    if the store is away)."""
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    await storage().put(f"{FOLDER}/{stored_name}", data, CONTENT_TYPES[kind])
    return stored_name


def object_name(stored_name: str) -> str | None:
    """The storage name behind a stored name; anything that is not one of ours is None."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name[0] == ".":
        return None
    return f"{FOLDER}/{stored_name}"


async def document_response(stored_name: str, kind: str, filename: str) -> Response:
    """The document as a download: 404 if it is not there, 503 if storage is away."""
    name = object_name(stored_name)
    if name is None:
        raise HTTPException(404)
    headers = {
        "Content-Disposition": content_disposition(filename),
        "Cache-Control": "private, no-store",
    }
    try:
        response = await storage().response(name, CONTENT_TYPES[kind], headers)
    except StorageUnavailable as exc:
        raise HTTPException(503) from exc
    if response is None:
        raise HTTPException(404)
    return response


async def remove_file(stored_name: str) -> None:
    """After the row is gone: a file storage could not delete is an orphan, logged."""
    name = object_name(stored_name)
    if name is None:
        return
    try:
        await storage().delete(name)
    except StorageUnavailable:
        log.warning("could not remove consultation document %s", name)
