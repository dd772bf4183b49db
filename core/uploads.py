"""Uploaded files: type checked by content (not by name), size-limited, stored under a
generated name in ``var/uploads``; photos are decoded by Pillow and get a thumbnail."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from starlette.datastructures import UploadFile

from core import settings
from core.i18n import gettext as _
from core.refusals import Refused

THUMB_SIZE = (480, 360)
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
PDF_MAGIC = b"%PDF-"
# Decompression bombs: refuse photos with absurd pixel counts before decoding them.
Image.MAX_IMAGE_PIXELS = 60_000_000


class UploadRefused(Refused):
    """The message says why, in words for the person who uploaded."""


@dataclass(frozen=True)
class StoredFile:
    kind: str  # photo | pdf
    stored_name: str
    thumb_name: str
    original_name: str
    content_type: str
    size: int


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, size // 1024)} KB"


def upload_dir() -> Path:
    path = settings.VAR_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_original_name(name: str | None) -> str:
    """Only the last path part, without control characters: it is shown, never used as a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable())
    return cleaned[:120] or "file"


async def store_upload(upload: UploadFile, *, allow: frozenset[str]) -> StoredFile:
    """Check and keep one file; `allow` holds the kinds accepted here ("photo", "pdf")."""
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
    if data.startswith(PDF_MAGIC) and "pdf" in allow:
        return _write("pdf", "pdf", "application/pdf", data, original, thumb=None)
    if "photo" in allow:
        photo = _decode_photo(data)
        if photo is not None:
            extension, content_type = PHOTO_FORMATS[photo.format or ""]
            return _write("photo", extension, content_type, data, original, thumb=photo)
    raise UploadRefused(_kinds_message(original, allow))


def _kinds_message(original: str, allow: frozenset[str]) -> str:
    if allow == {"photo"}:
        return _("「{name}」不是可识别的照片（支持 JPG、PNG、WEBP）").format(name=original)
    return _("「{name}」不是可识别的照片或 PDF 文件").format(name=original)


def _decode_photo(data: bytes) -> Image.Image | None:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that, then decodes anyway.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()  # structure check; the image must be reopened after verify
            image = Image.open(io.BytesIO(data))
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
    return image if image.format in PHOTO_FORMATS else None


def _write(
    kind: str,
    extension: str,
    content_type: str,
    data: bytes,
    original: str,
    thumb: Image.Image | None,
) -> StoredFile:
    token = secrets.token_hex(16)
    stored_name = f"{token}.{extension}"
    (upload_dir() / stored_name).write_bytes(data)
    thumb_name = ""
    if thumb is not None:
        thumb_name = f"{token}.thumb.jpg"
        small = thumb.convert("RGB")
        small.thumbnail(THUMB_SIZE)
        small.save(upload_dir() / thumb_name, "JPEG", quality=82)
    return StoredFile(kind, stored_name, thumb_name, original, content_type, len(data))


def stored_path(name: str) -> Path | None:
    """The file for a stored name, refusing anything that is not one of ours."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None
