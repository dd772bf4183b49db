"""Uploads on S3-compatible object storage (`YISHI_UPLOADS=s3://bucket/prefix`), against a
real S3 server (moto's server mode on 127.0.0.1): files are still checked before they are
stored, go to the bucket and never to the disk, are served from it, refused ones are never
kept, and an unreachable store costs a clear message, not a crash. Two app processes
sharing the bucket serve each other's uploads: proposal photos and a consultation's draft
documents alike."""

from __future__ import annotations

import io
import secrets
import zipfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import boto3
import httpx
import pytest
from consult_factories import make_topic
from moto.server import ThreadedMotoServer
from ops.appserver import AppProcess, app_env, log_in
from ops.cluster import free_port
from PIL import Image
from project_factories import make_process, proposal_form
from support import PASSWORD, csrf, csrf_from, login, make_user

from consult.models import TopicDocument
from core import settings
from core.models import Area, Role
from projects.models import Attachment, PendingAttachment, Process

VILLAGE = "370104013201"
STREET = "370104013000"
KEYS = {"aws_access_key_id": "yishi-test", "aws_secret_access_key": "yishi-test-secret"}


def png_bytes(size: tuple[int, int] = (1200, 900)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """A real S3-compatible server in this process, on a free local port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket, and the app's settings pointing uploads at it."""
    name = f"yishi-{secrets.token_hex(4)}"
    _s3(s3_server).create_bucket(Bucket=name)
    monkeypatch.setattr(settings, "UPLOADS", f"s3://{name}/uploads")
    monkeypatch.setattr(settings, "S3_ENDPOINT", s3_server)
    monkeypatch.setattr(settings, "S3_REGION", "us-east-1")
    monkeypatch.setattr(settings, "S3_ACCESS_KEY", KEYS["aws_access_key_id"])
    monkeypatch.setattr(settings, "S3_SECRET_KEY", KEYS["aws_secret_access_key"])
    return name


def _s3(endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)


def _objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    client = _s3(endpoint)
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _disk_uploads() -> list[Path]:
    folder = settings.VAR_DIR / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104013000"])


async def _propose(
    client: httpx.AsyncClient, process: Process, village: Area, files: list[tuple[str, tuple]]
) -> httpx.Response:
    data = proposal_form(village) | {"csrf_token": await csrf(client)}
    return await client.post(f"/processes/{process.id}/propose", data=data, files=files)


async def test_checked_files_go_to_the_bucket_and_are_served_from_it(
    client: httpx.AsyncClient, areas: dict[str, Area], process: Process, s3_server: str, bucket: str
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    photo_bytes = png_bytes()
    pdf_bytes = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    files = [
        ("files", ("路面.png", photo_bytes, "image/png")),
        ("files", ("会议记录.pdf", pdf_bytes, "application/pdf")),
    ]
    response = await _propose(client, process, areas[VILLAGE], files)
    assert response.status_code == 303, response.text
    photo, pdf = await Attachment.get(kind="photo"), await Attachment.get(kind="pdf")
    stored = _objects(s3_server, bucket)
    assert stored.keys() == {
        f"uploads/{photo.stored_name}",
        f"uploads/{photo.thumb_name}",
        f"uploads/{pdf.stored_name}",
    }
    assert stored[f"uploads/{photo.stored_name}"] == photo_bytes
    assert not _disk_uploads()  # nothing on this machine's disk
    served = await client.get(f"/attachments/{photo.id}")
    assert served.status_code == 200 and served.content == photo_bytes
    assert served.headers["content-type"] == "image/png"
    assert served.headers["cache-control"] == "private, max-age=3600"
    thumb = await client.get(f"/attachments/{photo.id}/thumb")
    assert thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 480
    download = await client.get(f"/attachments/{pdf.id}")
    assert download.content == pdf_bytes
    assert download.headers["content-disposition"].startswith("attachment; filename*=utf-8''")


async def test_refused_files_never_reach_the_bucket_and_good_ones_are_held(
    client: httpx.AsyncClient, areas: dict[str, Area], process: Process, s3_server: str, bucket: str
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    files = [
        ("files", ("好照片.png", png_bytes(), "image/png")),
        ("files", ("photo.jpg", b"<html>not a photo</html>", "image/jpeg")),
    ]
    response = await _propose(client, process, areas[VILLAGE], files)
    assert response.status_code == 400
    assert "「photo.jpg」不是可识别的照片或 PDF 文件" in response.text
    assert "雨天泥泞，出行难。" in response.text  # the form keeps what was typed
    assert not await Attachment.exists()
    held = await PendingAttachment.get()  # the good photo waits for the corrected form
    assert held.original_name == "好照片.png"
    kept = {f"uploads/{held.stored_name}", f"uploads/{held.thumb_name}"}
    assert set(_objects(s3_server, bucket)) == kept


async def test_an_unreachable_store_gets_a_clear_message(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    process: Process,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    await login(client, "13900000001")
    monkeypatch.setattr(settings, "S3_ENDPOINT", f"http://127.0.0.1:{free_port()}")  # nobody
    files = [("files", ("路面.png", png_bytes(), "image/png"))]
    response = await _propose(client, process, areas[VILLAGE], files)
    assert response.status_code == 400
    assert "文件「路面.png」暂时无法保存，请稍后再试" in response.text
    assert "雨天泥泞，出行难。" in response.text and "Traceback" not in response.text
    assert not await Attachment.exists()


@asynccontextmanager
async def two_machines(
    database: str, s3_server: str, tmp_path: Path
) -> AsyncIterator[list[AppProcess]]:
    """Two app processes, each with its own disk (var dir), one database and one bucket."""
    shared = {
        "YISHI_UPLOADS": settings.UPLOADS,
        "YISHI_S3_ENDPOINT": s3_server,
        "YISHI_S3_ACCESS_KEY": KEYS["aws_access_key_id"],
        "YISHI_S3_SECRET_KEY": KEYS["aws_secret_access_key"],
    }
    apps = [
        AppProcess(app_env(tmp_path / name, database) | shared, tmp_path / f"{name}.log")
        for name in ("one", "two")
    ]
    try:
        for app in apps:
            await app.start()
        yield apps
    finally:
        for app in apps:
            app.kill()


def assert_no_local_copies(apps: list[AppProcess]) -> None:
    """Neither machine kept the file on its own disk."""
    for app in apps:
        assert not (Path(app.env["YISHI_VAR_DIR"]) / "uploads").exists()


async def test_a_photo_uploaded_through_one_app_process_is_served_by_another(
    database: str,
    areas: dict[str, Area],
    process: Process,
    s3_server: str,
    bucket: str,
    tmp_path: Path,
) -> None:
    """Two uvicorn processes, each with its own disk (var dir), one database and bucket."""
    await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    async with two_machines(database, s3_server, tmp_path) as apps:
        photo_bytes = png_bytes((800, 600))
        async with apps[0].client() as first:
            await log_in(first, "13900000001", PASSWORD)
            page = await first.get(f"/processes/{process.id}/propose")
            data = proposal_form(areas[VILLAGE]) | {"csrf_token": csrf_from(page.text)}
            files = [("files", ("村口.png", photo_bytes, "image/png"))]
            posted = await first.post(f"/processes/{process.id}/propose", data=data, files=files)
            assert posted.status_code == 303, apps[0].log_text() + posted.text[:500]
        photo = await Attachment.get(kind="photo")
        async with apps[1].client() as second:  # a visitor who never saw the first machine
            served = await second.get(f"/attachments/{photo.id}")
            assert served.status_code == 200, apps[1].log_text()
            assert served.content == photo_bytes
            thumb = await second.get(f"/attachments/{photo.id}/thumb")
            assert thumb.status_code == 200 and thumb.content.startswith(b"\xff\xd8")
        assert_no_local_copies(apps)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


async def _upload_document(
    client: httpx.AsyncClient, topic_id: int, name: str, data: bytes
) -> httpx.Response:
    token = csrf_from((await client.get(f"/desk/consult/{topic_id}")).text)
    files = {"document": (name, data, "application/octet-stream")}
    path = f"/desk/consult/{topic_id}/documents"
    return await client.post(path, data={"csrf_token": token}, files=files)


async def test_consultation_documents_live_in_the_bucket(
    client: httpx.AsyncClient, areas: dict[str, Area], s3_server: str, bucket: str
) -> None:
    """Checked as before (type by content), kept under `consult/` in the bucket, served
    from it and deleted from it with their row."""
    topic = await make_topic(areas[STREET])
    await make_user("13800000002", Role.OFFICIAL, scope=areas[STREET])
    await login(client, "13800000002")
    refused = await _upload_document(client, topic.id, "草案.pdf", b"<html>not a pdf</html>")
    assert refused.status_code == 400 and not _objects(s3_server, bucket)
    data = docx_bytes()
    assert (await _upload_document(client, topic.id, "征求意见稿.docx", data)).status_code == 303
    document = await TopicDocument.get(topic=topic)
    key = f"uploads/consult/{document.stored_name}"
    assert _objects(s3_server, bucket) == {key: data}
    assert not _disk_uploads()
    served = await client.get(f"/consult/documents/{document.id}")
    assert served.status_code == 200 and served.content == data
    assert served.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert served.headers["content-disposition"].startswith("attachment;")
    delete = f"/desk/consult/{topic.id}/documents/{document.id}/delete"
    token = csrf_from((await client.get(f"/desk/consult/{topic.id}")).text)
    assert (await client.post(delete, data={"csrf_token": token})).status_code == 303
    assert not _objects(s3_server, bucket) and not await TopicDocument.exists()


async def test_a_document_uploaded_through_one_app_process_is_served_by_another(
    database: str, areas: dict[str, Area], s3_server: str, bucket: str, tmp_path: Path
) -> None:
    """An official uploads a draft through one machine; a visitor downloads it from the
    other, which never saw the file."""
    topic = await make_topic(areas[STREET])
    await make_user("13800000002", Role.OFFICIAL, scope=areas[STREET])
    async with two_machines(database, s3_server, tmp_path) as apps:
        data = docx_bytes()
        async with apps[0].client() as first:
            await log_in(first, "13800000002", PASSWORD)
            posted = await _upload_document(first, topic.id, "征求意见稿.docx", data)
            assert posted.status_code == 303, apps[0].log_text() + posted.text[:500]
        document = await TopicDocument.get(topic=topic)
        async with apps[1].client() as second:
            served = await second.get(f"/consult/documents/{document.id}")
            assert served.status_code == 200, apps[1].log_text()
            assert served.content == data
        assert_no_local_copies(apps)


@pytest.mark.parametrize("wrong", ["/srv/uploads", "s3://", "minio://bucket/uploads"])
def test_a_wrong_uploads_setting_stops_the_start(
    wrong: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import storage

    monkeypatch.setattr(settings, "UPLOADS", wrong)
    with pytest.raises(RuntimeError, match="YISHI_UPLOADS"):
        storage.storage()


def test_the_bucket_path_and_region_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from core import storage

    monkeypatch.setattr(settings, "UPLOADS", "s3://yishi-files/district/uploads/")
    monkeypatch.setattr(settings, "S3_ENDPOINT", "")
    monkeypatch.setattr(settings, "S3_REGION", "cn-north-1")
    monkeypatch.setattr(settings, "S3_ADDRESSING", "virtual")
    backend = storage.storage()
    assert isinstance(backend, storage.S3Storage)
    url = backend.bucket.object_url(backend.key("ab.jpg"))
    assert str(url) == "https://yishi-files.s3.cn-north-1.amazonaws.com/district/uploads/ab.jpg"
    monkeypatch.setattr(settings, "UPLOADS", "")
    disk = storage.storage()
    assert isinstance(disk, storage.DiskStorage) and disk.root == settings.VAR_DIR / "uploads"
