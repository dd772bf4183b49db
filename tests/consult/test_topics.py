"""Staff draft, publish, close and answer topics for their own areas; documents are checked
by content and served as downloads; drafts stay out of public sight."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import httpx
import pandas as pd
import pytest
from consult_factories import make_topic
from support import login, make_user, post

from consult.documents import sniff_kind
from consult.models import Topic, TopicDocument, TopicStatus
from core import settings
from core.clock import today
from core.models import Area, AuditEntry, Role


@pytest.fixture
async def official(client: httpx.AsyncClient, areas: dict[str, Area]) -> httpx.AsyncClient:
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"], name="李秀英")
    await login(client, "13800000002")
    return client


def _topic_form(area: Area, **extra: str) -> dict[str, str]:
    return {
        "title": "加装电梯办法",
        "body": "# 办法\n\n请提意见",
        "area": str(area.id),
        "opens_on": today().isoformat(),
        "closes_on": (today() + dt.timedelta(days=20)).isoformat(),
        **extra,
    }


async def test_an_official_drafts_and_publishes_for_their_area(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await post(official, "/desk/consult/new", _topic_form(areas["370104013201"]))
    assert response.status_code == 303
    topic = await Topic.get()
    assert topic.status == TopicStatus.DRAFT and response.headers["location"] == (
        f"/desk/consult/{topic.id}"
    )
    assert (await official.get(f"/consult/topics/{topic.id}")).status_code == 200  # preview
    assert "加装电梯办法" not in (await official.get("/consult")).text
    assert (await post(official, f"/desk/consult/{topic.id}/publish")).status_code == 303
    assert (await Topic.get(id=topic.id)).status == TopicStatus.OPEN
    assert "加装电梯办法" in (await official.get("/consult")).text
    actions = await AuditEntry.all().order_by("id").values_list("action", flat=True)
    assert actions == ["consult.topic.create", "consult.topic.publish"]


async def test_not_for_an_area_one_does_not_govern(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await post(official, "/desk/consult/new", _topic_form(areas["370104100000"]))
    assert response.status_code == 400 and "只能为您负责的区域发布议题" in response.text
    assert "加装电梯办法" in response.text  # what was typed comes back
    bad_dates = _topic_form(areas["370104013000"], closes_on="2020-01-01")
    response = await post(official, "/desk/consult/new", bad_dates)
    assert response.status_code == 400 and "截止日期不能早于开始日期" in response.text
    assert not await Topic.exists()


async def test_drafts_are_hidden_from_the_public(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    draft = await make_topic(areas["370104013000"], status=TopicStatus.DRAFT, title="秘密草稿")
    assert (await client.get(f"/consult/topics/{draft.id}")).status_code == 404
    assert (await client.get(f"/consult/topics/{draft.id}/summary")).status_code == 404
    assert (await client.get(f"/consult/topics/{draft.id}/export.xlsx")).status_code == 404
    assert "秘密草稿" not in (await client.get("/consult")).text


async def test_a_topic_closes_by_itself_and_is_answered_after(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    early = await post(official, f"/desk/consult/{topic.id}/answer", {"response": "谢谢"})
    assert early.status_code == 400 and "请先截止" in early.text
    topic.closes_on = today() - dt.timedelta(days=1)
    await topic.save()
    assert "已截止" in (await official.get(f"/consult/topics/{topic.id}")).text
    answered = await post(
        official,
        f"/desk/consult/{topic.id}/answer",
        {"response": "## 采纳情况\n\n<script>x</script>已采纳 3 条。"},
    )
    assert answered.status_code == 303
    page = (await official.get(f"/consult/topics/{topic.id}")).text
    assert "<h2>采纳情况</h2>" in page and "<script>x" not in page and "已反馈" in page


async def test_publish_twice_is_refused_politely(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    response = await post(official, f"/desk/consult/{topic.id}/publish")
    assert response.status_code == 303
    page = (await official.get(response.headers["location"])).text
    assert "议题当前状态不能进行此操作" in page


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"楼层": [1, 2]}).to_excel(buffer, index=False)
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_types_come_from_the_content() -> None:
    assert sniff_kind(b"%PDF-1.7\n...") == "pdf"
    assert sniff_kind(_xlsx()) == "xlsx"
    assert sniff_kind(_docx()) == "docx"
    assert sniff_kind(b"PK\x03\x04 not really a zip") is None
    assert sniff_kind(b"<html><script>alert(1)</script>") is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as package:
        package.writestr("readme.txt", "hi")
    assert sniff_kind(plain_zip.getvalue()) is None


async def test_upload_and_download_a_document(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"])
    workbook = _xlsx()  # once: a workbook carries the second it was written
    files = {"document": ("../../etc/测算表.xlsx", workbook, "application/octet-stream")}
    token = (await official.get(f"/desk/consult/{topic.id}")).text
    from support import csrf_from

    response = await official.post(
        f"/desk/consult/{topic.id}/documents", data={"csrf_token": csrf_from(token)}, files=files
    )
    assert response.status_code == 303
    document = await TopicDocument.get(topic=topic)
    assert document.kind == "xlsx" and document.original_name == "测算表.xlsx"
    assert "/" not in document.stored_name and "测算" not in document.stored_name
    stored = settings.VAR_DIR / "uploads" / "consult" / document.stored_name
    assert stored.is_file()
    download = await official.get(f"/consult/documents/{document.id}")
    assert download.status_code == 200 and download.content == workbook
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%E6%B5%8B%E7%AE%97%E8%A1%A8.xlsx"
        in download.headers["content-disposition"]
    )
    assert (
        await post(official, f"/desk/consult/{topic.id}/documents/{document.id}/delete")
    ).status_code == 303
    assert not stored.exists() and not await TopicDocument.exists()


async def test_documents_count_against_the_hourly_allowance_of_files(
    official: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A consultation document is an upload like a photo: past the allowance it is refused
    in words, and nothing of it is stored."""
    monkeypatch.setattr(settings, "UPLOADS_PER_HOUR", 1)
    topic = await make_topic(areas["370104013000"])
    from support import csrf_from

    async def upload(name: str) -> httpx.Response:
        token = csrf_from((await official.get(f"/desk/consult/{topic.id}")).text)
        files = {"document": (name, _xlsx(), "application/octet-stream")}
        return await official.post(
            f"/desk/consult/{topic.id}/documents", data={"csrf_token": token}, files=files
        )

    assert (await upload("一.xlsx")).status_code == 303
    folder = settings.VAR_DIR / "uploads" / "consult"
    kept = set(folder.iterdir())
    refused = await upload("二.xlsx")
    assert refused.status_code == 400
    assert "上传太频繁：每人每小时最多上传 1 个文件，请稍后再试" in refused.text
    assert set(folder.iterdir()) == kept
    assert [d.original_name for d in await TopicDocument.filter(topic=topic)] == ["一.xlsx"]


async def test_a_document_whose_row_fails_leaves_no_file_behind(
    official: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is stored before its row; if the row's transaction fails, the file goes."""
    topic = await make_topic(areas["370104013000"])
    folder = settings.VAR_DIR / "uploads" / "consult"
    before = set(folder.iterdir()) if folder.exists() else set()

    async def audit_down(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("consult.services.audit.record", audit_down)
    files = {"document": ("测算表.xlsx", _xlsx(), "application/octet-stream")}
    token = (await official.get(f"/desk/consult/{topic.id}")).text
    from support import csrf_from

    with pytest.raises(RuntimeError, match="audit log unavailable"):
        await official.post(
            f"/desk/consult/{topic.id}/documents",
            data={"csrf_token": csrf_from(token)},
            files=files,
        )
    assert not await TopicDocument.filter(topic=topic).exists()
    after = set(folder.iterdir()) if folder.exists() else set()
    assert after == before


async def test_a_document_stored_before_core_storage_is_still_served(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    """Documents were written straight into var/uploads/consult before they went through
    core.storage; the disk backend finds them where they are, with no move."""
    topic = await make_topic(areas["370104013000"])
    workbook = _xlsx()
    folder = settings.VAR_DIR / "uploads" / "consult"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0123456789abcdef0123456789abcdef.xlsx").write_bytes(workbook)
    document = await TopicDocument.create(
        topic=topic,
        kind="xlsx",
        stored_name="0123456789abcdef0123456789abcdef.xlsx",
        original_name="测算表.xlsx",
        size=len(workbook),
        sha256="0" * 64,
    )
    download = await official.get(f"/consult/documents/{document.id}")
    assert download.status_code == 200 and download.content == workbook
    await post(official, f"/desk/consult/{topic.id}/documents/{document.id}/delete")
    assert not (folder / document.stored_name).exists()


async def test_uploads_refused_by_content_and_size(
    official: httpx.AsyncClient, areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = await make_topic(areas["370104013000"])
    from support import csrf_from

    token = csrf_from((await official.get(f"/desk/consult/{topic.id}")).text)
    disguised = {"document": ("草案.pdf", b"<html><script>x</script></html>", "application/pdf")}
    response = await official.post(
        f"/desk/consult/{topic.id}/documents", data={"csrf_token": token}, files=disguised
    )
    assert response.status_code == 400 and "只能上传 PDF" in response.text
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 100)
    big = {"document": ("大.pdf", b"%PDF-1.4" + b"0" * 200, "application/pdf")}
    response = await official.post(
        f"/desk/consult/{topic.id}/documents", data={"csrf_token": token}, files=big
    )
    assert response.status_code == 400 and "文件不能超过" in response.text
    assert not await TopicDocument.exists()


async def test_builder_adds_moves_and_locks_after_publishing(
    official: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    topic = await make_topic(areas["370104013000"], status=TopicStatus.DRAFT)
    path = f"/desk/consult/{topic.id}/questions"
    bad = await post(official, path, {"kind": "single", "prompt": "意愿？", "options": "是"})
    assert bad.status_code == 400 and "选择题需要 2 到 20 个选项" in bad.text
    assert "意愿？" in bad.text
    for prompt in ("第一题", "第二题"):
        response = await post(
            official,
            path,
            {"kind": "single", "prompt": prompt, "options": "是\n否", "required": "1"},
        )
        assert response.status_code == 303
    from consult.models import Question

    second = await Question.get(prompt="第二题")
    fragment = await post(
        official, f"{path}/{second.id}/move", {"direction": "up"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert fragment.text.index("第二题") < fragment.text.index("第一题")
    # Issue 17 item 7: every desk action says what it did, also when htmx swaps it in.
    assert 'role="status">已上移题目「第二题」。' in fragment.text
    added = await post(
        official,
        path,
        {"kind": "text", "prompt": "第三题", "required": "1"},
        headers={"HX-Request": "true"},
    )
    assert 'role="status">已添加题目。' in added.text
    third = await Question.get(prompt="第三题")
    removed = await post(official, f"{path}/{third.id}/delete", headers={"HX-Request": "true"})
    assert 'role="status">已删除题目「第三题」。' in removed.text
    await post(official, f"/desk/consult/{topic.id}/publish")
    locked = await post(official, path, {"kind": "text", "prompt": "补充"})
    assert locked.status_code == 400 and "问卷不能再修改" in locked.text
    refused = await post(official, f"{path}/{second.id}/delete", headers={"HX-Request": "true"})
    assert refused.status_code == 200 and 'class="flash flash-error" role="alert"' in refused.text
    assert await Question.filter(topic=topic).count() == 2
