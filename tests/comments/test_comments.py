"""The comment system, through the pages: escaping, stances, replies, official answers,
supports, reports, auto-hide and who sees hidden text. Consultation topics are the subject."""

from __future__ import annotations

import httpx
import pytest
from consult_factories import make_opinion, make_topic
from support import login, make_user, post

from comments.models import Comment, CommentReport, CommentSupport, Visibility
from consult.models import Topic, TopicStatus
from core import settings
from core.models import Area, AuditEntry, Role, User

HTMX = {"HX-Request": "true"}


@pytest.fixture
async def topic(areas: dict[str, Area]) -> Topic:
    return await make_topic(areas["370104013000"])


async def resident(mobile: str, areas: dict[str, Area], village: str = "370104013201") -> User:
    return await make_user(mobile, Role.RESIDENT, home=areas[village], name="张桂兰")


async def test_a_resident_posts_an_opinion_and_script_is_shown_escaped(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    await resident("13900000001", areas)
    await login(client, "13900000001")
    response = await post(
        client,
        f"/comments/topic/{topic.id}",
        {"body": "<script>alert('x')</script>路灯太暗", "stance": "oppose"},
    )
    assert response.status_code == 303
    comment = await Comment.get(subject_id=topic.id)
    assert response.headers["location"] == f"/consult/topics/{topic.id}#comment-{comment.id}"
    assert comment.stance is not None and comment.stance.value == "oppose"
    page = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;路灯太暗" in page
    assert "<script>alert" not in page


async def test_the_public_sees_a_masked_name(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    await make_opinion(topic, await resident("13900000001", areas), "修路")
    page = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "张**" in page and "张桂兰" not in page and "登录" in page


async def test_validation_keeps_what_was_typed_with_and_without_htmx(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    await resident("13900000001", areas)
    await login(client, "13900000001")
    plain = await post(client, f"/comments/topic/{topic.id}", {"body": "我的想法"})
    assert plain.status_code == 400
    assert "请选择您的立场" in plain.text and "我的想法" in plain.text and "<html" in plain.text
    fragment = await post(
        client,
        f"/comments/topic/{topic.id}",
        {"body": "x" * 2001, "stance": "support"},
        headers=HTMX,
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "内容不能超过 2000 个字" in fragment.text
    assert not await Comment.exists()
    ok = await post(
        client, f"/comments/topic/{topic.id}", {"body": "好", "stance": "support"}, headers=HTMX
    )
    assert ok.status_code == 200 and f'id="comments-topic-{topic.id}"' in ok.text
    assert "HX-Request" in ok.headers["vary"]


async def test_outsiders_and_closed_topics_refuse_opinions(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    await resident("13900000004", areas, village="370104100201")  # another township
    await login(client, "13900000004")
    response = await post(
        client, f"/comments/topic/{topic.id}", {"body": "好", "stance": "support"}
    )
    assert response.status_code == 403 and "只有本辖区的居民" in response.text
    closed = await make_topic(areas["370104000000"], status=TopicStatus.CLOSED)
    response = await post(
        client, f"/comments/topic/{closed.id}", {"body": "好", "stance": "support"}
    )
    assert response.status_code == 403 and "已截止" in response.text
    draft = await make_topic(areas["370104000000"], status=TopicStatus.DRAFT)
    assert (await post(client, f"/comments/topic/{draft.id}", {"body": "好"})).status_code == 404
    assert not await Comment.exists()


async def test_replies_stay_one_level_deep(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    opinion = await make_opinion(topic, await resident("13900000002", areas))
    reply = await make_opinion(
        topic, await resident("13900000003", areas), "同意", None, parent=opinion
    )
    await resident("13900000001", areas)
    await login(client, "13900000001")
    response = await post(client, f"/comments/{reply.id}/reply", {"body": "我也同意"})
    assert response.status_code == 303
    newest = await Comment.all().order_by("-id").first()
    assert newest is not None and newest.parent_id == opinion.id  # type: ignore[attr-defined]
    fragment = await post(client, f"/comments/{opinion.id}/reply", {"body": ""}, headers=HTMX)
    assert fragment.status_code == 200 and "请填写内容" in fragment.text
    assert f'id="comment-{opinion.id}"' in fragment.text
    plain = await post(client, f"/comments/{opinion.id}/reply", {"body": " "})
    assert plain.status_code == 400 and "请填写内容" in plain.text and "<html" in plain.text


async def test_official_answers_only_by_officials_of_the_area(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    opinion = await make_opinion(topic, await resident("13900000002", areas))
    # A resident cannot pass off an answer as official.
    await resident("13900000001", areas)
    await login(client, "13900000001")
    response = await post(
        client, f"/comments/{opinion.id}/reply", {"body": "官方说", "official": "1"}
    )
    assert response.status_code == 403
    await post(client, "/logout")
    # Nor can an official of another township.
    await make_user("13800000009", Role.OFFICIAL, scope=areas["370104100000"])
    await login(client, "13800000009")
    response = await post(client, f"/comments/{opinion.id}/reply", {"body": "我来答"})
    assert response.status_code == 403
    await post(client, "/logout")
    # The street's official answers, marked as such and audited.
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"], name="李秀英")
    await login(client, "13800000002")
    response = await post(client, f"/comments/{opinion.id}/reply", {"body": "将补充补偿标准。"})
    assert response.status_code == 303
    answer = await Comment.get(parent_id=opinion.id)
    assert answer.is_official and answer.stance is None
    assert await AuditEntry.filter(action="comment.answer", target_id=str(answer.id)).exists()
    page = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "官方答复" in page and "comment official" in page


async def test_support_once_and_never_ones_own(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    me = await resident("13900000001", areas)
    other = await make_opinion(topic, await resident("13900000002", areas))
    mine = await make_opinion(topic, me)
    await login(client, "13900000001")
    assert (await post(client, f"/comments/{other.id}/support")).status_code == 303
    again = await post(client, f"/comments/{other.id}/support", headers=HTMX)
    assert again.status_code == 200 and "您已经支持过这条意见" in again.text
    await post(client, f"/comments/{mine.id}/support")
    assert await CommentSupport.filter(comment=other).count() == 1
    assert not await CommentSupport.filter(comment=mine).exists()
    assert (await Comment.get(id=other.id)).support_count == 1


async def test_one_report_per_person_enforced_by_the_database(
    areas: dict[str, Area], topic: Topic, client: httpx.AsyncClient
) -> None:
    opinion = await make_opinion(topic, await resident("13900000002", areas))
    reporter = await resident("13900000001", areas)
    await login(client, "13900000001")
    first = await post(client, f"/comments/{opinion.id}/report", {"reason": "abuse"})
    assert first.status_code == 303
    second = await post(client, f"/comments/{opinion.id}/report", {"reason": "spam"}, headers=HTMX)
    assert "您已经举报过这条评论" in second.text
    assert await CommentReport.filter(comment=opinion).count() == 1
    assert (await Comment.get(id=opinion.id)).report_count == 1
    from tortoise.exceptions import IntegrityError

    with pytest.raises(IntegrityError):
        await CommentReport.create(comment=opinion, reporter=reporter, reason="other")


async def _report(client: httpx.AsyncClient, comment: Comment, mobile: str) -> None:
    await login(client, mobile)
    response = await post(client, f"/comments/{comment.id}/report", {"reason": "abuse"})
    assert response.status_code == 303
    await post(client, "/logout")


async def test_auto_hide_at_the_threshold_and_who_sees_hidden_text(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    topic: Topic,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "COMMENT_AUTOHIDE_REPORTS", 2)
    opinion = await make_opinion(topic, await resident("13900000001", areas), "骂人的话")
    for mobile in ("13900000002", "13900000003"):
        await resident(mobile, areas)
    await _report(client, opinion, "13900000002")
    assert (await Comment.get(id=opinion.id)).visibility == Visibility.VISIBLE
    await _report(client, opinion, "13900000003")
    hidden = await Comment.get(id=opinion.id)
    assert hidden.visibility == Visibility.AUTO_HIDDEN
    assert await AuditEntry.filter(action="comment.autohide").exists()

    public = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "骂人的话" not in public and "等待审核" in public
    await login(client, "13900000002")  # a reporter: still the public's view
    assert "骂人的话" not in (await client.get(f"/consult/topics/{topic.id}")).text
    await post(client, "/logout")
    await login(client, "13900000001")  # the author
    assert "骂人的话" in (await client.get(f"/consult/topics/{topic.id}")).text
    await post(client, "/logout")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")  # a moderator of the area
    assert "骂人的话" in (await client.get(f"/consult/topics/{topic.id}")).text
    queue = (await client.get("/desk/comments")).text
    assert "骂人的话" in queue and "辱骂、人身攻击 × 2" in queue


async def test_moderator_hides_with_a_reason_and_restores(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    opinion = await make_opinion(topic, await resident("13900000001", areas), "广告内容")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    refused = await post(client, f"/comments/{opinion.id}/hide", {"reason": ""})
    assert refused.status_code == 400 and "请填写隐藏理由" in refused.text
    fragment = await post(
        client, f"/comments/{opinion.id}/hide", {"reason": "发布广告", "view": "desk"}, headers=HTMX
    )
    assert fragment.status_code == 200 and f'id="queue-{opinion.id}"' in fragment.text
    await post(client, "/logout")
    public = (await client.get(f"/consult/topics/{topic.id}")).text
    assert "此评论已被隐藏：发布广告" in public and "广告内容" not in public
    await login(client, "13800000002")
    assert "广告内容" in (await client.get("/desk/comments?show=hidden")).text
    restored = await post(client, f"/comments/{opinion.id}/restore")
    assert restored.status_code == 303
    comment = await Comment.get(id=opinion.id)
    assert comment.visibility == Visibility.VISIBLE and comment.hidden_reason == ""
    actions = (
        await AuditEntry.filter(target_type="comment")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["comment.hide", "comment.restore"]


async def test_every_moderation_action_says_what_happened(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    """Issue 17 item 7: "保留，清除举报" answered htmx with a row and no word of what was done."""
    opinion = await make_opinion(topic, await resident("13900000001", areas), "村口的路灯坏了")
    await resident("13900000002", areas)
    await _report(client, opinion, "13900000002")
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    keep = await post(client, f"/comments/{opinion.id}/restore", {"view": "desk"}, headers=HTMX)
    assert keep.status_code == 200 and f'id="queue-{opinion.id}"' in keep.text
    assert 'role="status">已保留该评论，清除了 1 条举报。' in keep.text
    assert (await Comment.get(id=opinion.id)).pending_reports == 0
    hide = await post(client, f"/comments/{opinion.id}/hide", {"reason": "重复内容"}, headers=HTMX)
    assert 'role="status">已隐藏该评论。' in hide.text
    show = await post(client, f"/comments/{opinion.id}/restore", headers=HTMX)
    assert 'role="status">已恢复显示该评论，待处理的举报已清除。' in show.text
    refused = await post(
        client, f"/comments/{opinion.id}/hide", {"reason": "", "view": "desk"}, headers=HTMX
    )
    assert "请填写隐藏理由" in refused.text and 'role="status"' not in refused.text


async def test_the_queue_shows_only_the_officials_areas(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    here = await make_topic(areas["370104013000"], title="本街道议题")
    there = await make_topic(areas["370104100000"], title="外镇议题")
    for topic, village in ((here, "370104013201"), (there, "370104100201")):
        author = await make_user(f"1390000{topic.id:04d}", Role.RESIDENT, home=areas[village])
        await make_opinion(topic, author, f"{topic.title}的意见", report_count=1)
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    queue = (await client.get("/desk/comments")).text
    assert "本街道议题的意见" in queue and "外镇议题的意见" not in queue
    there_comment = await Comment.get(subject_id=there.id)
    assert (
        await post(client, f"/comments/{there_comment.id}/hide", {"reason": "x"})
    ).status_code == 403


async def test_only_verified_residents_of_the_area_report(
    client: httpx.AsyncClient, areas: dict[str, Area], topic: Topic
) -> None:
    """Three brand-new unverified accounts hid an official's answer: a report now needs a
    resident verified within the subject's area, and the page offers it to no one else."""
    opinion = await make_opinion(topic, await resident("13900000001", areas), "一条意见")
    await make_user("13900000002", Role.RESIDENT, home=areas["370104013201"], verified=False)
    await resident("13900000003", areas, village="370104100201")  # another township
    for mobile in ("13900000002", "13900000003"):
        await login(client, mobile)
        assert "提交举报" not in (await client.get(f"/consult/topics/{topic.id}")).text
        response = await post(client, f"/comments/{opinion.id}/report", {"reason": "abuse"})
        assert response.status_code == 403 and "只有本辖区已核验的居民可以举报" in response.text
        await post(client, "/logout")
    assert not await CommentReport.filter(comment=opinion).exists()
    assert (await Comment.get(id=opinion.id)).report_count == 0
    await resident("13900000004", areas)
    await login(client, "13900000004")
    assert "提交举报" in (await client.get(f"/consult/topics/{topic.id}")).text


async def test_an_official_answer_is_never_auto_hidden(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    topic: Topic,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "COMMENT_AUTOHIDE_REPORTS", 2)
    opinion = await make_opinion(topic, await resident("13900000001", areas))
    official = await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    answer = await make_opinion(
        topic, official, "官方的答复", stance=None, parent=opinion, is_official=True
    )
    for mobile in ("13900000002", "13900000003", "13900000004"):
        await resident(mobile, areas)
        await _report(client, answer, mobile)
    reported = await Comment.get(id=answer.id)
    assert reported.visibility == Visibility.VISIBLE and reported.report_count == 3
    assert "官方的答复" in (await client.get(f"/consult/topics/{topic.id}")).text
    assert not await AuditEntry.filter(action="comment.autohide").exists()
    await login(client, "13800000002")  # the moderators see the reports in their queue
    assert "官方的答复" in (await client.get("/desk/comments")).text
