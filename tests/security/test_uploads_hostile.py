"""Hostile uploads: path-like and control-character names, polyglots, scripts posing as
photos, decompression bombs, oversized bodies, too many files.

A file is kept under a generated name inside ``var/uploads`` and nowhere else; the name the
client gave is only ever shown (basename, printable, at most 120 characters) and offered as
a download name in a header that cannot be split. A photo is one Pillow decodes as JPEG,
PNG or WEBP of at most 24 million pixels; it is served with its own type, ``nosniff`` and
the CSP, and its thumbnail is re-encoded. Anything else is refused with a message.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from project_factories import make_process, proposal_form
from security.hostile import (
    FUZZ,
    QUIET_REPR,
    assert_not_crashed,
    assert_security_headers,
    token_of,
)
from support import login, make_user

from consult.models import TopicDocument, TopicStatus
from core import settings
from core.models import Area, Role
from projects.models import Attachment, Process, Proposal

pytestmark = QUIET_REPR
VILLAGE, STREET = "370104013201", "370104013000"
TRAVERSAL = [
    "../../x.png",
    "..\\..\\x.png",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "....//....//x.png",
    "%2e%2e%2fx.png",
    "x.png\x00.html",
    "\x00",
    "a\r\nX-Evil: 1.png",
    "a" * 1000 + ".png",
    "<img src=x onerror=alert(1)>.png",
    '"; filename="evil.html',
    "\u202egnp.exe",
    "CON",
    "..",
    ".",
    "~/.ssh/id_rsa",
    "x/../../../y.png",
    " ",
    "😀.png",
]
BREAKS_MULTIPART = '"\r\n'
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|webp|pdf)")


def png(size: tuple[int, int] = (40, 30), trailer: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue() + trailer


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size (IHDR) but holds almost no pixels: a decompression bomb's
    first bytes, enough for Pillow to learn the size when it opens the file."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def multipart(fields: dict[str, str], files: list[tuple[str, bytes, bytes]]) -> tuple[bytes, str]:
    """A multipart body built by hand, so a file name can hold any bytes at all (a browser
    would escape some; an attacker need not)."""
    boundary = "yishi-hostile-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for field, raw_name, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '.encode()
            + b'filename="'
            + raw_name
            + b'"\r\n'
            + b"Content-Type: application/octet-stream\r\n\r\n"
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def files_outside_uploads(root: Path) -> list[Path]:
    uploads = root / "var" / "uploads"
    return [p for p in root.rglob("*") if p.is_file() and uploads not in p.parents]


@pytest.fixture
async def resident(
    client: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> tuple[Process, str]:
    # The fuzzing sends hundreds of files as one person in a minute; the hourly cap per
    # person has its own test (tests/projects/test_uploads.py).
    monkeypatch.setattr(settings, "UPLOADS_PER_HOUR", 100_000)
    process = await make_process(areas[STREET])
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    return process, await token_of(client)


async def _propose(
    client: httpx.AsyncClient,
    process: Process,
    token: str,
    areas: dict[str, Area],
    files: list[tuple[str, bytes, bytes]],
) -> httpx.Response:
    form = proposal_form(areas[VILLAGE], action="save") | {"csrf_token": token}
    body, content_type = multipart(form, files)
    return await client.post(
        f"/processes/{process.id}/propose", content=body, headers={"content-type": content_type}
    )


def _check_stored(attachment: Attachment) -> None:
    assert STORED_NAME.fullmatch(attachment.stored_name), attachment.stored_name
    name = attachment.original_name
    assert name and len(name) <= 120
    assert "/" not in name and "\\" not in name and all(ch.isprintable() for ch in name)
    assert (settings.VAR_DIR / "uploads" / attachment.stored_name).is_file()


@FUZZ
@given(name=st.one_of(st.sampled_from(TRAVERSAL), st.text(max_size=60), st.binary(max_size=60)))
async def test_hostile_file_names_are_shown_never_used(
    client: httpx.AsyncClient,
    resident: tuple[Process, str],
    areas: dict[str, Area],
    tmp_path: Path,
    name: str | bytes,
) -> None:
    process, token = resident
    raw = name if isinstance(name, bytes) else name.encode("utf-8", "surrogatepass")
    before = await Attachment.all().count()
    response = await _propose(client, process, token, areas, [("files", raw, png())])
    assert_not_crashed(response)
    attachment = await Attachment.all().order_by("-id").first()
    if response.status_code != 303 or await Attachment.all().count() == before:
        # No name (a browser's empty file input: no file), or a name that breaks the body's
        # own syntax (quote, CR, LF): nothing kept.
        assert response.status_code in (303, 400, 403)
        assert not raw or set(raw) & set(BREAKS_MULTIPART.encode()), response.status_code
        assert await Attachment.all().count() == before
        return
    assert attachment is not None
    _check_stored(attachment)
    assert files_outside_uploads(tmp_path) == []
    download = await client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.content == png()
    disposition = download.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert download.headers["content-type"] == "image/png"
    assert_security_headers(download)
    page = await client.get(f"/proposals/{attachment.proposal_id}")  # type: ignore[attr-defined]
    assert page.status_code == 200 and "<img src=x onerror" not in page.text


POLYGLOTS = {
    "svg-with-script.png": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    ),
    "html.jpg": b"<!doctype html><script>alert(document.cookie)</script>",
    "gif.png": b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(1)//",
    "zip.png": b"PK\x03\x04" + b"\x00" * 40,
    "exe.png": b"MZ\x90\x00" + b"\x00" * 60,
    "truncated.png": png()[:40],
    "bmp-bomb.png": b"BM"
    + struct.pack("<IHHI", 0, 0, 0, 54)
    + struct.pack("<IiiHHIIiiII", 40, 50000, 50000, 1, 24, 0, 0, 0, 0, 0, 0),
}


async def test_what_is_not_a_photo_or_pdf_is_refused(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    process, token = resident
    for name, data in sorted(POLYGLOTS.items()):
        response = await _propose(client, process, token, areas, [("files", name.encode(), data)])
        assert_not_crashed(response)
        assert response.status_code == 400, name
        assert "不是可识别的照片或 PDF 文件" in response.text
        assert not await Attachment.exists() and not await Proposal.exists()


async def test_decompression_bombs_are_refused_before_decoding(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    """Above 24 million pixels Pillow only warns (up to 48 million) and then decodes: a
    photo that size is refused as well, before its pixels are unpacked."""
    process, token = resident
    for width, height in ((8_000, 8_000), (10_000, 10_000), (50_000, 50_000), (65_535, 1_000)):
        response = await _propose(
            client, process, token, areas, [("files", b"bomb.png", png_header_only(width, height))]
        )
        assert_not_crashed(response)
        assert response.status_code == 400, (width, height)
        assert not await Attachment.exists()


async def test_polyglot_photo_is_served_as_a_photo_and_thumbnailed_clean(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    """A real PNG with HTML appended decodes, so it is kept; but it is only ever served as
    image/png with nosniff and the CSP, and the thumbnail is re-encoded without the tail."""
    process, token = resident
    data = png(trailer=b"<html><script>alert(document.cookie)</script></html>")
    response = await _propose(client, process, token, areas, [("files", b"x.html", data)])
    assert response.status_code == 303
    photo = await Attachment.get()
    served = await client.get(f"/attachments/{photo.id}")
    assert served.headers["content-type"] == "image/png"
    assert served.headers["content-disposition"].startswith("inline")
    assert_security_headers(served)
    thumb = await client.get(f"/attachments/{photo.id}/thumb")
    assert thumb.headers["content-type"] == "image/jpeg" and b"<script>" not in thumb.content
    assert_security_headers(thumb)


async def test_pdf_polyglot_is_a_download_not_a_page(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    process, token = resident
    data = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    response = await _propose(client, process, token, areas, [("files", b"a.html", data)])
    assert response.status_code == 303
    served = await client.get(f"/attachments/{(await Attachment.get()).id}")
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("attachment")
    assert_security_headers(served)


async def test_bodies_over_the_limit_are_refused_before_they_are_read(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    process, token = resident
    big = b"\x00" * (settings.MAX_UPLOAD_BYTES + 2 * 1024 * 1024)
    response = await _propose(client, process, token, areas, [("files", b"big.png", big)])
    assert response.status_code == 413 and "文件过大" in response.text
    assert_security_headers(response)
    just_over = png() + b"\x00" * (settings.MAX_UPLOAD_BYTES + 1 - len(png()))
    response = await _propose(client, process, token, areas, [("files", b"big.png", just_over)])
    assert response.status_code == 400 and "超过" in response.text
    assert not await Attachment.exists()


async def test_too_many_files_or_fields_are_a_clear_refusal(
    client: httpx.AsyncClient, resident: tuple[Process, str], areas: dict[str, Area]
) -> None:
    process, token = resident
    many = [("files", f"{i}.png".encode(), png()) for i in range(60)]
    response = await _propose(client, process, token, areas, many)
    assert_not_crashed(response)
    assert response.status_code in (400, 403)
    thirteen = [("files", f"{i}.png".encode(), png()) for i in range(13)]
    response = await _propose(client, process, token, areas, thirteen)
    assert_not_crashed(response)
    assert response.status_code == 400 and "最多 12 个附件" in response.text
    fields = {f"f{i}": "x" for i in range(3000)} | {"csrf_token": token}
    response = await client.post(f"/processes/{process.id}/propose", data=fields)
    assert_not_crashed(response)
    assert response.status_code in (400, 403)
    assert not await Attachment.exists()


# ------------------------------------------------------------------ consultation documents


@pytest.fixture
async def official(
    client: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    from consult_factories import make_topic

    # Documents count against the hourly cap too (its own test: tests/consult/test_topics.py).
    monkeypatch.setattr(settings, "UPLOADS_PER_HOUR", 100_000)
    topic = await make_topic(areas[STREET], TopicStatus.DRAFT)
    await make_user("13800000002", Role.OFFICIAL, scope=areas[STREET])
    await login(client, "13800000002")
    return topic.id, await token_of(client)


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


@FUZZ
@given(name=st.one_of(st.sampled_from(TRAVERSAL), st.text(max_size=60)))
async def test_document_names_are_shown_never_used(
    client: httpx.AsyncClient, official: tuple[int, str], tmp_path: Path, name: str
) -> None:
    topic_id, token = official
    body, content_type = multipart(
        {"csrf_token": token},
        [
            (
                "document",
                name.encode("utf-8", "surrogatepass"),
                docx({"../../evil.html": b"<script>alert(1)</script>"}),
            )
        ],
    )
    response = await client.post(
        f"/desk/consult/{topic_id}/documents", content=body, headers={"content-type": content_type}
    )
    assert_not_crashed(response)
    if response.status_code != 303:
        # No name (no file chosen), or a name that breaks the body's own syntax: refused.
        assert response.status_code in (400, 403)
        assert not name.strip() or set(name) & set(BREAKS_MULTIPART), response.status_code
        return
    document = await TopicDocument.all().order_by("-id").first()
    assert document is not None and document.kind == "docx"
    assert re.fullmatch(r"[0-9a-f]{32}\.docx", document.stored_name)
    shown = document.original_name
    assert shown.endswith(".docx") and len(shown) <= 120
    assert not any(ch in shown for ch in '/\\"<>|:*?') and all(ch.isprintable() for ch in shown)
    assert files_outside_uploads(tmp_path) == []
    download = await client.get(f"/consult/documents/{document.id}")
    assert download.status_code == 200
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "\r" not in disposition
    assert "\n" not in disposition
    assert_security_headers(download)
    await document.delete()
