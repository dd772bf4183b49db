"""Attachments: type by content, size limits, thumbnails, served only when visible."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading

import httpx
import pytest
from PIL import Image
from project_factories import make_process, proposal_form
from support import PASSWORD, csrf, login, make_user

from core import settings, uploads
from core.models import Area, Role
from projects.models import Attachment, PendingAttachment, Process, Proposal

VILLAGE = "370104013201"


def png_bytes(size: tuple[int, int] = (1200, 900), *, noisy: bool = False) -> bytes:
    buffer = io.BytesIO()
    if noisy:  # noise does not compress: a big file for real
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (180, 60, 40))
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"])


@pytest.fixture
async def resident(client: httpx.AsyncClient, areas: dict[str, Area]) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")


async def _propose(
    client: httpx.AsyncClient,
    process: Process,
    village: Area,
    files: list[tuple[str, tuple[str, bytes, str]]],
) -> httpx.Response:
    data = proposal_form(village) | {"csrf_token": await csrf(client)}
    return await client.post(f"/processes/{process.id}/propose", data=data, files=files)


async def test_photo_and_pdf_are_kept_with_a_thumbnail(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    files = [
        ("files", ("路面.png", png_bytes(), "image/png")),
        ("files", ("会议记录.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "application/pdf")),
    ]
    response = await _propose(client, process, areas[VILLAGE], files)
    assert response.status_code == 303, response.text
    photo = await Attachment.get(kind="photo")
    assert photo.original_name == "路面.png" and photo.thumb_name
    assert "路面" not in photo.stored_name  # never the client's name on disk
    thumb = await client.get(f"/attachments/{photo.id}/thumb")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 480
    pdf = await Attachment.get(kind="pdf")
    download = await client.get(f"/attachments/{pdf.id}")
    assert (
        download.content.startswith(b"%PDF")
        and "attachment" in download.headers["content-disposition"]
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"<html>not a photo</html>", "不是可识别的照片或 PDF 文件"),
        ("empty.png", b"", "是空的"),
        ("../../etc/passwd", b"root:x:0:0", "「passwd」不是可识别的照片或 PDF 文件"),
    ],
)
async def test_bad_files_are_refused_clearly(
    client: httpx.AsyncClient,
    process: Process,
    resident: None,
    areas: dict[str, Area],
    name: str,
    data: bytes,
    message: str,
) -> None:
    response = await _propose(
        client, process, areas[VILLAGE], [("files", (name, data, "image/jpeg"))]
    )
    assert response.status_code == 400
    assert message in response.text
    assert "雨天泥泞，出行难。" in response.text
    assert not await Proposal.exists() and not await Attachment.exists()


async def test_oversized_file_gets_a_message_not_a_crash(
    client: httpx.AsyncClient,
    process: Process,
    resident: None,
    areas: dict[str, Area],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 50_000)
    response = await _propose(
        client,
        process,
        areas[VILLAGE],
        [("files", ("big.png", png_bytes((300, 300), noisy=True), "image/png"))],
    )
    assert response.status_code == 400
    assert "文件「big.png」超过 48 KB，请压缩后再上传" in response.text
    assert not await Attachment.exists()


async def test_draft_attachments_are_private(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    data = proposal_form(areas[VILLAGE], action="save") | {"csrf_token": await csrf(client)}
    await client.post(
        f"/processes/{process.id}/propose",
        data=data,
        files=[("files", ("a.png", png_bytes(), "image/png"))],
    )
    photo = await Attachment.get()
    assert (await client.get(f"/attachments/{photo.id}")).status_code == 200
    client.cookies.clear()
    assert (await client.get(f"/attachments/{photo.id}")).status_code == 404


def _stored_files() -> list[str]:
    folder = settings.VAR_DIR / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def bilevel_png(size: tuple[int, int]) -> bytes:
    """A real photo-sized PNG that compresses to almost nothing (one bit a pixel, blank)."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


async def test_a_photo_over_24_megapixels_is_refused_from_its_header(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    """6000 × 4500 (27 MP, a few KB): under the old 60 MP cap it was decoded on the event
    loop; now its size alone refuses it, with the reason."""
    big = bilevel_png((6000, 4500))
    assert len(big) < 100_000
    response = await _propose(
        client, process, areas[VILLAGE], [("files", ("大图.png", big, "image/png"))]
    )
    assert response.status_code == 400
    assert "照片「大图.png」像素过多（最多 2400 万像素），请缩小后再上传" in response.text
    assert not await Attachment.exists() and _stored_files() == []


async def test_photos_are_decoded_in_a_worker_thread(
    client: httpx.AsyncClient,
    process: Process,
    resident: None,
    areas: dict[str, Area],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decoding a photo takes whole seconds of CPU for a big one: never on the event loop."""
    threads: list[threading.Thread] = []
    decode = uploads._decode_photo

    def watched(*args: object) -> object:
        threads.append(threading.current_thread())
        return decode(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(uploads, "_decode_photo", watched)
    response = await _propose(
        client, process, areas[VILLAGE], [("files", ("a.png", png_bytes(), "image/png"))]
    )
    assert response.status_code == 303
    assert threads and threading.main_thread() not in threads


async def test_uploads_per_person_per_hour(
    client: httpx.AsyncClient,
    process: Process,
    resident: None,
    areas: dict[str, Area],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "UPLOADS_PER_HOUR", 2)
    photos = [("files", (f"{n}.png", png_bytes((40, 30)), "image/png")) for n in range(2)]
    assert (await _propose(client, process, areas[VILLAGE], photos)).status_code == 303
    kept = _stored_files()
    response = await _propose(client, process, areas[VILLAGE], photos[:1])
    assert response.status_code == 400
    assert "上传太频繁：每人每小时最多上传 2 个文件，请稍后再试" in response.text
    assert _stored_files() == kept and await Attachment.all().count() == 2


async def test_one_refused_file_holds_the_good_one_and_names_the_bad(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    files = [
        ("files", ("好.png", png_bytes(), "image/png")),
        ("files", ("坏.jpg", b"<html>not a photo</html>", "image/jpeg")),
    ]
    response = await _propose(client, process, areas[VILLAGE], files)
    assert response.status_code == 400
    assert "「坏.jpg」不是可识别的照片" in response.text and "请重新选择" in response.text
    held = await PendingAttachment.get()
    assert held.original_name == "好.png" and len(_stored_files()) == 2  # photo + thumbnail
    assert f'name="pending" value="{held.id}" checked' in response.text
    assert "已选的 1 个文件也已保存" in response.text
    assert not await Attachment.exists()


async def test_a_photo_survives_a_validation_error(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    """The form comes back for a missing title; the photo need not be chosen again."""
    data = proposal_form(areas[VILLAGE], title="") | {"csrf_token": await csrf(client)}
    photo = [("files", ("路面.png", png_bytes(), "image/png"))]
    url = f"/processes/{process.id}/propose"
    response = await client.post(url, data=data, files=photo)
    assert response.status_code == 400 and "请填写项目名称" in response.text
    held = await PendingAttachment.get()
    assert "路面.png" in response.text and "已保留的文件" in response.text
    again = data | {
        "title": "村东主路硬化",
        "pending_offered": str(held.id),
        "pending": str(held.id),
    }
    response = await client.post(url, data=again)
    assert response.status_code == 303, response.text
    proposal = await Proposal.get(title="村东主路硬化")
    attachment = await Attachment.get(proposal=proposal)
    assert attachment.original_name == "路面.png" and attachment.stored_name == held.stored_name
    assert not await PendingAttachment.exists()
    assert (await client.get(f"/attachments/{attachment.id}")).status_code == 200


async def test_an_unticked_held_photo_is_removed_and_nobody_elses_can_be_claimed(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    data = proposal_form(areas[VILLAGE], title="") | {"csrf_token": await csrf(client)}
    url = f"/processes/{process.id}/propose"
    await client.post(url, data=data, files=[("files", ("a.png", png_bytes(), "image/png"))])
    mine = await PendingAttachment.get()
    stranger = await make_user("13900000008", Role.RESIDENT, home=areas[VILLAGE])
    theirs = await PendingAttachment.create(
        user_id=stranger.id,
        kind="photo",
        stored_name=mine.stored_name,
        original_name="别人的.png",
        content_type="image/png",
        size=1,
    )
    offered = [str(mine.id), str(theirs.id)]
    again = data | {"title": "村东主路硬化", "pending_offered": offered, "pending": str(theirs.id)}
    response = await client.post(url, data=again)
    assert response.status_code == 303, response.text
    assert not await Attachment.exists()  # neither mine (unticked) nor theirs (not mine)
    assert await PendingAttachment.filter(id=theirs.id).exists()
    assert not await PendingAttachment.filter(id=mine.id).exists()
    assert _stored_files() == []


async def test_leaving_removes_held_photos_and_my_data_lists_them(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    data = proposal_form(areas[VILLAGE], title="") | {"csrf_token": await csrf(client)}
    photo = [("files", ("路面.png", png_bytes(), "image/png"))]
    await client.post(f"/processes/{process.id}/propose", data=data, files=photo)
    assert await PendingAttachment.exists() and _stored_files()
    mine = json.loads((await client.get("/me/data/json")).content)["data"]
    assert [row["file"] for row in mine["held_files"]] == ["路面.png"]
    token = await csrf(client)
    form = {"password": PASSWORD, "confirm": "yes", "csrf_token": token}
    assert (await client.post("/me/delete", data=form)).status_code == 303
    assert not await PendingAttachment.exists() and _stored_files() == []


async def test_photos_held_for_a_form_never_saved_leave_after_a_week(
    client: httpx.AsyncClient, process: Process, resident: None, areas: dict[str, Area]
) -> None:
    from notify import periodic
    from projects import pending

    data = proposal_form(areas[VILLAGE], title="") | {"csrf_token": await csrf(client)}
    for name in ("旧.png", "新.png"):
        photo = [("files", (name, png_bytes(), "image/png"))]
        await client.post(f"/processes/{process.id}/propose", data=data, files=photo)
    old, new = await PendingAttachment.all().order_by("id")
    assert len(_stored_files()) == 4  # two photos, two thumbnails
    now = dt.datetime.now(dt.UTC)
    await PendingAttachment.filter(id=old.id).update(created_at=now - dt.timedelta(days=8))
    assert periodic.JOBS["projects.pending-sweep"].run is pending.sweep  # wired to the clock
    assert await pending.sweep(now.astimezone(dt.timezone(dt.timedelta(hours=8)))) == 1
    assert [r.id for r in await PendingAttachment.all()] == [new.id]
    assert old.stored_name not in _stored_files() and new.stored_name in _stored_files()
    assert await pending.sweep(now) == 0  # a second run finds nothing more
