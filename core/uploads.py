"""Uploaded files: type checked by content (not by name), size-limited, stored under a
generated name in core.storage (``var/uploads`` or S3-compatible object storage); photos
are decoded by Pillow and get a thumbnail.

Callers check permission and the phase window *before* calling `store_upload` (a refused
file must never reach storage) and `discard` what they stored if the write is refused
after all; they answer downloads with `file_response`. A table that keeps stored files
inherits `FileRecord` and makes its rows with `file_record`. Photos are decoded in a worker
thread, two at a time per process, so a big one never stalls the event loop; each person
may upload `settings.UPLOADS_PER_HOUR` files an hour.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import secrets
import warnings
from collections.abc import Iterable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from PIL import Image, UnidentifiedImageError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response
from tortoise import fields
from tortoise.models import Model

from core import settings
from core.accounts import ratelimit
from core.i18n import gettext as _
from core.refusals import Refused
from core.storage import StorageUnavailable, content_disposition, storage

THUMB_SIZE = (480, 360)
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
PDF_MAGIC = b"%PDF-"
# At most 24 million pixels: a 24 MP camera (6000 × 4000) and a phone's usual 12 MP photo
# (or a 50 MP sensor's binned 12.5 MP) fit with room to spare; only full-resolution 48 MP+
# shots are refused, with a message asking for a smaller copy. Decoded, Pillow holds 4
# bytes a pixel, so one photo peaks near 100 MB (a 7745 × 7745 PNG of 175 KB took 612 MB
# under the old 60 MP cap); Pillow reads the size from the header, before decoding a pixel.
PHOTO_MAX_PIXELS = 24_000_000
Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS  # Pillow's own guard, for any other caller
# Photos decoded at once per process: bounds the memory a burst of uploads can take.
DECODES_AT_ONCE = 2
_decoders: anyio.CapacityLimiter | None = None
HOUR = 3600
log = logging.getLogger(__name__)


class UploadRefused(Refused):
    """The message says why, in words for the person who uploaded."""


@dataclasses.dataclass(frozen=True)
class StoredFile:
    kind: str  # photo | pdf
    stored_name: str
    thumb_name: str
    original_name: str
    content_type: str
    size: int


class FileRecord(Model):
    """The columns every table of stored files shares (attachments, held attachments,
    letter files, milestone files): what `store_upload` checked, under our generated name.

    Abstract: each inheriting table keeps its own name and owner column; the columns here
    are exactly those the tables had before they shared them, so no migration follows.
    """

    kind = fields.CharField(max_length=8)  # photo | pdf
    stored_name = fields.CharField(max_length=64)
    thumb_name = fields.CharField(max_length=64, default="")
    original_name = fields.CharField(max_length=120)
    content_type = fields.CharField(max_length=40)
    size = fields.IntField()

    class Meta:
        abstract = True

    def stored(self) -> StoredFile:
        """The file behind the row, e.g. to `discard` it with the row."""
        return StoredFile(
            self.kind,
            self.stored_name,
            self.thumb_name,
            self.original_name,
            self.content_type,
            self.size,
        )


Record = TypeVar("Record", bound=FileRecord)


def file_record(table: type[Record], stored: StoredFile, **owner: Any) -> Record:
    """An unsaved row of `table` for a checked upload; `owner` names what it belongs to
    (``proposal=…``, ``letter=…, reply=…``). Save it, or hand a list to `bulk_create`."""
    return table(**owner, **dataclasses.asdict(stored))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, size // 1024)} KB"


@dataclasses.dataclass(frozen=True)
class Blob:
    name: str
    data: bytes
    content_type: str


def safe_original_name(name: str | None) -> str:
    """Only the last path part, without control characters: it is shown, never used as a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable())
    return cleaned[:120] or "file"


async def store_upload(
    upload: UploadFile, *, allow: frozenset[str], uploader: int | None, thumbnail: bool = True
) -> StoredFile:
    """Check and keep one file; `allow` holds the kinds accepted here ("photo", "pdf").

    `uploader` is the person's user id, counted against `settings.UPLOADS_PER_HOUR`
    (None only for files the system itself stores, such as the demo's photos). A photo
    gets a thumbnail unless `thumbnail` is off: for a record with nowhere to keep one.
    """
    data = await upload.read(settings.MAX_UPLOAD_BYTES + 1)
    original = safe_original_name(upload.filename)
    if not data:
        raise UploadRefused(_("文件「{name}」是空的").format(name=original))
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("文件「{name}」超过 {limit}，请压缩后再上传").format(
                name=original, limit=human_size(settings.MAX_UPLOAD_BYTES)
            )
        )
    if uploader is not None:
        await count_upload(uploader)
    global _decoders
    if _decoders is None:
        _decoders = anyio.CapacityLimiter(DECODES_AT_ONCE)
    check = partial(_check, data, original, allow, thumbnail)
    stored, blobs = await anyio.to_thread.run_sync(check, limiter=_decoders)
    await _keep(stored, blobs)
    return stored


async def _keep(stored: StoredFile, blobs: list[Blob]) -> None:
    """Write the checked file (and thumbnail); half a pair is removed again."""
    try:
        for blob in blobs:
            await storage().put(blob.name, blob.data, blob.content_type)
    except StorageUnavailable as exc:
        await discard([stored])
        raise UploadRefused(
            _("文件「{name}」暂时无法保存，请稍后再试").format(name=stored.original_name)
        ) from exc


async def count_upload(uploader: int) -> None:
    """Count one file against the person's hourly allowance (UploadRefused past it): every
    kind of upload counts, checked before anything of it is stored."""
    limit = settings.UPLOADS_PER_HOUR
    attempt = await ratelimit.record({f"upload:user:{uploader}": limit}, HOUR)
    if not attempt.allowed:
        await attempt.forget()
        raise UploadRefused(
            _("上传太频繁：每人每小时最多上传 {n} 个文件，请稍后再试").format(n=limit)
        )


def _check(
    data: bytes, original: str, allow: frozenset[str], thumbnail: bool
) -> tuple[StoredFile, list[Blob]]:
    """In a worker thread: type the file by its content, decode a photo, make its thumbnail."""
    if data.startswith(PDF_MAGIC) and "pdf" in allow:
        return _named("pdf", "pdf", "application/pdf", data, original, thumb=None)
    if "photo" in allow:
        photo = _decode_photo(data, original)
        if photo is not None:
            extension, content_type = PHOTO_FORMATS[photo.format or ""]
            thumb = photo if thumbnail else None
            return _named("photo", extension, content_type, data, original, thumb=thumb)
    raise UploadRefused(_kinds_message(original, allow))


async def discard(files: Iterable[StoredFile]) -> None:
    """Remove stored files (and thumbnails) whose record was refused: no orphans kept."""
    for stored in files:
        for name in (stored.stored_name, stored.thumb_name):
            if not _ours(name):
                continue
            try:
                await storage().delete(name)
            except StorageUnavailable:  # an orphan nothing points at: logged, not fatal
                log.warning("could not discard %s", name)


def _kinds_message(original: str, allow: frozenset[str]) -> str:
    if allow == {"photo"}:
        return _("「{name}」不是可识别的照片（支持 JPG、PNG、WEBP）").format(name=original)
    return _("「{name}」不是可识别的照片或 PDF 文件").format(name=original)


def _decode_photo(data: bytes, original: str = "") -> Image.Image | None:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that, then decodes anyway.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only our formats are even tried (no BMP, TIFF, … decoders); the size is
            # checked by open, from the header; verify checks the structure (then reopen).
            with Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # The message states PHOTO_MAX_PIXELS: change both together.
        raise UploadRefused(
            _("照片「{name}」像素过多（最多 2400 万像素），请缩小后再上传").format(name=original)
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return image if image.format in PHOTO_FORMATS else None


def _named(
    kind: str,
    extension: str,
    content_type: str,
    data: bytes,
    original: str,
    thumb: Image.Image | None,
) -> tuple[StoredFile, list[Blob]]:
    token = secrets.token_hex(16)
    stored_name = f"{token}.{extension}"
    blobs = [Blob(stored_name, data, content_type)]
    thumb_name = ""
    if thumb is not None:
        thumb_name = f"{token}.thumb.jpg"
        thumb.thumbnail(THUMB_SIZE)  # shrink first, then convert: no full-size copy
        buffer = io.BytesIO()
        thumb.convert("RGB").save(buffer, "JPEG", quality=82)
        blobs.append(Blob(thumb_name, buffer.getvalue(), "image/jpeg"))
    stored = StoredFile(kind, stored_name, thumb_name, original, content_type, len(data))
    return stored, blobs


def _ours(name: str) -> bool:
    """A stored name we generated: never a path, never hidden."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


async def file_response(
    name: str, *, media_type: str, filename: str, inline: bool, cache: str
) -> Response:
    """A stored file as a download (404 if there is none, 503 if storage is away)."""
    if not _ours(name):
        raise HTTPException(404)
    headers = {
        "Content-Disposition": content_disposition("inline" if inline else "attachment", filename),
        "Cache-Control": cache,
    }
    try:
        response = await storage().response(name, media_type, headers)
    except StorageUnavailable as exc:
        raise HTTPException(503) from exc
    if response is None:
        raise HTTPException(404)
    return response
